import type { Finding } from '../model/finding.js';
import type { CaseFile } from './schema.js';

/**
 * The case's own finding policy (`findings.ignore` / `findings.severity` in
 * casepack.yaml), like bids-validator's config: a reviewer who knows that, say,
 * PDF_RESTRICTED does not matter for this case can silence or downgrade it.
 * Used by scan and check alike so both speak with one voice.
 */
export function applyFindingPolicy(findings: readonly Finding[], caseFile: CaseFile | undefined): Finding[] {
  const policy = caseFile?.findings;
  if (!policy) return [...findings];
  const ignored = new Set(policy.ignore ?? []);
  const severity = policy.severity ?? {};
  const out: Finding[] = [];
  for (const f of findings) {
    // The case file's own errors are never silenced by the case file itself.
    if (f.code === 'CASEFILE_INVALID') { out.push(f); continue; }
    if (ignored.has(f.code)) continue;
    const wanted = Object.hasOwn(severity, f.code) ? severity[f.code] : undefined;
    out.push(wanted && wanted !== f.severity ? { ...f, severity: wanted, details: { ...f.details, originalSeverity: f.severity } } : f);
  }
  return out;
}
