/**
 * Plain-language phrases for the case facts checklists use in `when`, so a
 * report can say "applies only if the patient had surgery" instead of a key.
 */
const FACT_PHRASES: Record<string, string> = {
  surgery: 'the patient had surgery',
  radiotherapy: 'the patient had radiotherapy',
  chemotherapy: 'the patient had chemotherapy or other drug treatment',
  endoscopicUltrasound: 'an endoscopic ultrasound (EUS) was done',
  molecularTesting: 'molecular (genetic or biomarker) tests were done on the tumour',
  biopsy: 'a biopsy was taken',
  attendants: 'someone travels with the patient (attendants: in casepack.yaml)',
};

export function factPhrase(name: string, value = true): string {
  const phrase = FACT_PHRASES[name];
  if (phrase) return value ? phrase : `not: ${phrase}`;
  return `${name} is ${value ? 'yes' : 'no'}`;
}

export const KNOWN_FACTS = Object.keys(FACT_PHRASES);
