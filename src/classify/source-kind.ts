import type { CategoryId } from '../model/categories.js';
import type { DocumentSource, Reason, ResultKind } from '../model/scan.js';

/**
 * Primary report or summary: is this the laboratory's or department's own report (its header, accession or
 * specimen number, method, results section, who signed it out), or a letter, clinic note or discharge summary
 * that quotes a result ("KRAS G12D was found", "CT showed…")? Cues are data; each that fires becomes a reason
 * with its rule id, so the JSON says why. A checklist item marked `primary: true` is not met by a summary.
 */
interface Cue { rule: string; pattern: RegExp; weight: number }

const PRIMARY_CUES: readonly Cue[] = [
  { rule: 'source.report-header', weight: 2, pattern: /^[^\n]{0,40}\b((surgical |molecular |cyto)?patholog\w* report|(ngs|sequencing|genomic( testing| profiling)?|fish|immunohistochemistry|ihc|cytogenetics?|radiology|imaging|operative|operation|procedure|biopsy|radiotherapy|radiation oncology|completion|treatment|cycle|chemotherapy) (report|record|summary|note)|(molecular pathology|cytogenetics|genomics?) laboratory)\b/im },
  { rule: 'source.accession', weight: 2, pattern: /\b(accession|specimen (id|no\.?|number|#)|case (no\.?|number|#)|lab(oratory)? (no\.?|number)|block [A-Z]?\d+[A-Z]?|[A-Z]{1,3}\d{2}-\d{3,})\b|\bTCGA-[A-Z0-9]{2}-[A-Z0-9]{4}/i },
  { rule: 'source.method', weight: 1.5, pattern: /^\s*(method(ology)?|methods|assay|technique|probes?|antibody|clone|platform|test performed|fractions?|prescription|specimens?( received| type)?|anesthesia|anaesthesia|histologic (type|diagnosis))\s*[:\n]/im },
  { rule: 'source.results-section', weight: 1.5, pattern: /^\s*(results?|findings|genomic findings|biomarkers|impression|final (pathologic(al)? )?diagnosis|microscopic( description)?|gross( description)?|synoptic report|interpretation|conclusion)\s*[:\n]/im },
  { rule: 'source.signed-out', weight: 1.5, pattern: /\b(signed out by|electronically signed|reported by|verified by|dictated by|transcribed by|(consultant |attending )?(pathologist|radiologist)\b)/i },
  { rule: 'source.operative-headings', weight: 2.5, pattern: /\b(pre-?operative diagnos[ie]s|post-?operative diagnos[ie]s|procedures? performed|operations? performed|estimated blood loss|procedure in detail|description of (the )?procedure)\b/i },
  { rule: 'source.exam-headings', weight: 2, pattern: /^\s*(exam(ination)?|reason for (exam|study)|comparison|technique|clinical (history|indication)|indication|views?|procedure)\s*:/im },
  { rule: 'source.measured-values', weight: 1, pattern: /\b(VAF|variant allele|allele frequenc|TPS|CPS|nuclei scored|H-?score|\d+\s*(Gy|cGy)|muts?\/Mb)\b/i },
];

const SUMMARY_CUES: readonly Cue[] = [
  { rule: 'source.salutation', weight: 3, pattern: /\bdear (dr\.?|doctor|colleague|mr\.?|mrs\.?|ms\.?|sir|madam|[A-Z][a-z]+,)/i },
  { rule: 'source.closing', weight: 2.5, pattern: /\b(yours (sincerely|faithfully|truly)|sincerely,|kind regards|best regards|thank you for (referring|seeing|allowing|the referral)|please do not hesitate)\b/i },
  { rule: 'source.note-history', weight: 2, pattern: /^\s*(history of (the )?present illness|hpi|chief complaint|subjective|review of systems|past (medical|surgical) history|social history|family history|history)\s*[:,\n]/im },
  { rule: 'source.note-assessment', weight: 2, pattern: /^\s*(assessment( and plan)?|impression and plan|plan|objective|physical exam(ination)?|medications|allergies|follow-?up|recommendations?|disposition)\s*[:,\n]/im },
  { rule: 'source.hospital-course', weight: 3, pattern: /\b(hospital course|discharge (diagnos[ie]s|medications?|instructions|summary|condition)|admi(tting|ssion) diagnos[ie]s|date of (admission|discharge)|reason for (admission|consultation|referral))\b/i },
  { rule: 'source.clinic-visit', weight: 1.5, pattern: /\b(clinic (note|letter|visit)|seen (him|her|them|today) in|(i|we) (saw|reviewed|examined)|presents? (with|for|to)|was admitted|was discharged|comes? in (for|with)|referral (for|letter))\b/i },
];

/** How a letter quotes each kind of result. */
const MENTION_CUES: Record<ResultKind, RegExp> = {
  molecular: /\b((KRAS|NRAS|EGFR|BRAF|ALK|ROS1|HER2|ERBB2|PIK3CA|TP53|BRCA[12]|NTRK\d?|MET|RET|IDH[12]|FGFR\d?)\b[^.\n]{0,50}\b(mutation|mutated|variant|amplifi|rearrange|fusion|positive|negative|wild[- ]type|G12[A-Z]|V600E|L858R|exon)|next[- ]generation sequencing|\bNGS\b|molecular (testing|profiling|analysis)|genomic (testing|profiling)|microsatellite (stable|instab)|\bMSI(-H| high| stable)?\b|mismatch repair|\bPD-?L1\b|tumou?r mutational burden)/i,
  pathology: /\b((biopsy|biopsies|resection|specimen|histology|pathology|cytology)\b[^.\n]{0,60}\b(showed|shows|revealed|confirmed|demonstrated|consistent with|positive for|negative for|reported)|pathology (report )?(showed|revealed|confirmed))/i,
  imaging: /\b((CT|MRI|PET(-CT)?|ultrasound|x-?ray|scan|mammogram|angiogram|echocardiogram)\b[^.\n]{0,60}\b(showed|shows|revealed|demonstrated|was (negative|positive|normal|unremarkable)|confirmed))/i,
};

/** Report categories lean primary, letters and summaries lean summary, when the cues say little. */
const LEANS_PRIMARY = new Set<CategoryId>(['pathology-report', 'molecular-report', 'imaging-report', 'operative-report', 'radiotherapy-record', 'lab-results', 'treatment-history']);
const LEANS_SUMMARY = new Set<CategoryId>(['clinical-summary', 'discharge-summary']);
/** A passport, a consent form, pictures and slides neither report nor quote a result: not judged. */
const NOT_JUDGED = new Set<CategoryId>(['identity-document', 'consent-form', 'imaging', 'imaging-export', 'pathology-slides']);
const CATEGORY_LEAN = 1;

function fired(cues: readonly Cue[], text: string): Reason[] {
  const out: Reason[] = [];
  for (const cue of cues) {
    const match = cue.pattern.exec(text);
    if (match) out.push({ rule: cue.rule, weight: cue.weight, matched: [match[0].trim().slice(0, 60)] });
  }
  return out;
}

/** The kinds of result a summary quotes (a molecular result in a clinic letter). */
export function mentionedResults(text: string): ResultKind[] {
  return (Object.keys(MENTION_CUES) as ResultKind[]).filter((kind) => MENTION_CUES[kind].test(text));
}

/** Primary or summary for one document's text and category; undefined for categories that report nothing. */
export function judgeSource(text: string, category: CategoryId): DocumentSource | undefined {
  if (NOT_JUDGED.has(category) || !text.trim()) return undefined;
  const primary = fired(PRIMARY_CUES, text);
  const summary = fired(SUMMARY_CUES, text);
  const sum = (reasons: readonly Reason[]) => reasons.reduce((n, r) => n + r.weight, 0);
  const lean = LEANS_PRIMARY.has(category) ? CATEGORY_LEAN : LEANS_SUMMARY.has(category) ? -CATEGORY_LEAN : 0;
  const score = sum(primary) - sum(summary) + lean;
  if (score === 0 && primary.length === 0 && summary.length === 0) return undefined;
  const kind = score > 0 ? 'primary' : 'summary';
  const reasons: Reason[] = [...(kind === 'primary' ? primary : summary)];
  if (lean !== 0) reasons.push({ rule: `source.category-${lean > 0 ? 'report' : 'letter'}`, weight: CATEGORY_LEAN, matched: [category] });
  const source: DocumentSource = { kind, score: Math.round(score * 10) / 10, reasons };
  if (kind === 'summary') {
    const mentions = mentionedResults(text);
    if (mentions.length) source.mentions = mentions;
  }
  return source;
}
