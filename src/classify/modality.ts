import { MODALITY_RULES } from './rules.js';
import { prepareText } from './engine.js';

/**
 * The imaging modality a report is about. The title zone decides when it
 * names one (a PET-CT report mentions CT throughout); otherwise the modality
 * named most often in the text. Most specific rules come first, so "PET/CT"
 * is not read as CT.
 */
const SERVICE_NAME = /\bnuclear medicine\b/gi;
const DEPARTMENT_LINE = /\b(department|dept\.?|division|centre|center|institute|services|unit|clinic|hospital)\b/i;

export function detectModality(text: string): { modality: string; matched: string } | undefined {
  const prepared = prepareText(text);
  // Leave out the letterhead's department ("Department of Nuclear Medicine" heads PET-CT and bone scans alike)
  // and lines that describe other studies.
  const top = prepared.lines.filter((l) => l.zone === 'top' && !l.cited && !DEPARTMENT_LINE.test(l.text)).map((l) => l.text).join('\n');
  // In the title zone, the first modality named wins (specific before general at the same spot).
  // "Nuclear Medicine" heads a service's letterhead (PET-CT, bone scans, thyroid studies alike): a named exam in the
  // title zone says more, so the service name decides only when no exam is named.
  const inTitle = firstNamed(top.replace(SERVICE_NAME, ' ')) ?? firstNamed(top);
  if (inTitle) return inTitle;
  let best: { modality: string; matched: string; count: number } | undefined;
  for (const rule of MODALITY_RULES) {
    const matches = [...text.matchAll(new RegExp(rule.regex, rule.case ? 'gu' : 'giu'))];
    if (matches.length > (best?.count ?? 0)) best = { modality: rule.modality, matched: matches[0]?.[0] ?? '', count: matches.length };
  }
  return best ? { modality: best.modality, matched: best.matched } : undefined;
}

function firstNamed(text: string): { modality: string; matched: string } | undefined {
  let best: { modality: string; matched: string; index: number; rank: number } | undefined;
  MODALITY_RULES.forEach((rule, rank) => {
    const m = new RegExp(rule.regex, rule.case ? 'u' : 'iu').exec(text);
    if (!m) return;
    // A more specific rule matching at (nearly) the same place beats a general one.
    if (!best || m.index < best.index - 4 || (Math.abs(m.index - best.index) <= 4 && rank < best.rank)) {
      best = { modality: rule.modality, matched: m[0], index: m.index, rank };
    }
  });
  return best ? { modality: best.modality, matched: best.matched } : undefined;
}

/** A file name's modality hint (`CT_abdomen.jpg`, `pet-scan.png`). */
export function modalityFromName(name: string): string | undefined {
  const spaced = name.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_\-.]+/g, ' ');
  return firstNamed(spaced.replace(/\b(ct|mri|pet|usg|eus|cxr)\b/gi, (w) => w.toUpperCase()))?.modality;
}
