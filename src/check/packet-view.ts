import type { CheckResult } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import { belongsToAnotherPerson, type ScanResult } from '../model/scan.js';

/**
 * The check as the packet's own reports (Checklist_Report.html/.md) show it.
 * Those travel to the reviewing hospital with the packet, so the name, ID and
 * birth date of a person whose files were left out are withheld there; the
 * CLI and `check` still name them, for the person who assembles the case.
 */
export function checkForPacket(check: CheckResult, scan: ScanResult): CheckResult {
  const leftOutKeys = new Set(scan.files.flatMap((f) => (belongsToAnotherPerson(f) && f.identity ? [f.identity.patientKey] : [])));
  // A file casepack.yaml calls another person's may name the case's own patient: that name is not withheld.
  if (scan.casePatient?.key !== undefined) leftOutKeys.delete(scan.casePatient.key);
  const strangers = scan.patients.filter((p) => leftOutKeys.has(p.key));
  if (strangers.length === 0) return check;
  // Longest first, so a name is not half-replaced by a shorter one inside it.
  const replacements: [string, string][] = strangers.flatMap((p): [string, string][] => [
    ...(p.name ? [[p.name, 'another person'] as [string, string]] : []),
    ...(p.patientId ? [[`ID ${p.patientId}`, 'ID withheld'] as [string, string]] : []),
    ...(p.birthDate ? [[`born ${p.birthDate}`, 'birth date withheld'] as [string, string]] : []),
  ]).sort((a, b) => b[0].length - a[0].length);
  const withheld = (finding: Finding): Finding => {
    let message = finding.message;
    for (const [from, to] of replacements) message = message.split(from).join(to);
    if (finding.code !== 'PATIENT_MISMATCH') return { ...finding, message };
    // Its details carry identity keys (name|ID|birth date): not for the packet.
    const { details: _details, ...rest } = finding;
    return { ...rest, message };
  };
  return { ...check, findings: check.findings.map(withheld) };
}
