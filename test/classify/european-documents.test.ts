import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { detectLanguage } from '../../src/classify/language.js';

// Issue 11 (docs/eval-unseen.md): how German, Dutch, Italian, Spanish and French hospital documents are really
// written, and English radiology and pathology headings. Every text here is invented; the rules alone decide
// (`model: false`) so that each test shows the rule it is about.
const rulesOnly = (text: string, file = 'scan 3.pdf') => classifyDocumentText(text, file, { model: false });
const ruleIds = (text: string): string[] => rulesOnly(text).reasons.map((r) => r.rule);

describe('a German letter is a letter, whatever blood results it quotes', () => {
  const letter = [
    'Klinik für Innere Medizin',
    '',
    'Sehr geehrte Frau Kollegin, sehr geehrter Herr Kollege,',
    '',
    'wir berichten über unsere gemeinsame Patientin Frau Erika Beispiel, * 01.02.1950, die sich vom 03.03.2024 bis 09.03.2024 in unserer stationären Behandlung befand.',
    '',
    'Diagnosen:',
    'Kolonkarzinom, Erstdiagnose 01/24',
    '',
    'Labor bei Aufnahme:',
    'Hämoglobin 10,2 g/dl, Leukozyten 7,1 /nl, Thrombozyten 250 /nl, Kreatinin 0,9 mg/dl, CRP 12 mg/l, LDH 240 U/l',
    '',
    'Verlauf:',
    'Die Patientin konnte in gutem Allgemeinzustand entlassen werden.',
    '',
    'Mit freundlichen kollegialen Grüßen',
  ].join('\n');

  it('is a clinical summary or a discharge summary, not lab results', () => {
    const verdict = rulesOnly(letter);
    expect(['clinical-summary', 'discharge-summary']).toContain(verdict.category);
    expect(ruleIds(letter)).toEqual(expect.arrayContaining(['summary.letter-opening.i18n', 'dc.terms.i18n']));
  });

  it('without its letter wording the same results are lab results', () => {
    const table = ['Laborbefund', 'Hämoglobin 10,2 g/dl', 'Leukozyten 7,1 /nl', 'Thrombozyten 250 /nl', 'Kreatinin 0,9 mg/dl', 'LDH 240 U/l'].join('\n');
    expect(rulesOnly(table).category).toBe('lab-results');
  });
});

describe('case histories open on who the patient is', () => {
  it.each([
    ['Spanish', 'Mujer de 58 años sin antecedentes de interés que acude a urgencias por dolor abdominal de dos semanas de evolución. A la exploración física el abdomen era blando. La analítica mostró hemoglobina de 11 g/dl y creatinina de 0,8 mg/dl. Se decidió tratamiento conservador con buena evolución.'],
    ['French', "Nous rapportons le cas d'une patiente âgée de 63 ans, sans antécédents, admise pour des douleurs abdominales. L'examen clinique trouvait une sensibilité de la fosse iliaque droite. La créatinine était à 9 mg/l. L'évolution a été favorable."],
    ['Italian', "Presentiamo il caso di un paziente di 47 anni giunto alla nostra osservazione per dolore toracico. All'esame obiettivo si rilevava tachicardia. La creatinina era 1,1 mg/dl. Il decorso è stato regolare."],
  ])('%s', (_language, text) => {
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('clinical-summary');
    expect(ruleIds(text)).toContain('summary.patient-intro.i18n');
  });

  it('an age alone in a lab table is no case history', () => {
    expect(ruleIds('Hemoglobina 11 g/dl\nCreatinina 0,8 mg/dl\nResultado dentro de 5 días')).not.toContain('summary.patient-intro.i18n');
  });
});

describe('Dutch reports', () => {
  it('a pathology report: macroscopy, microscopy, conclusion', () => {
    const text = [
      'PATHOLOGIEVERSLAG',
      'Klinische gegevens: huidafwijking rechter wang, verdenking basaalcelcarcinoom.',
      'Aard materiaal: huidexcisie',
      'MACROSCOPIE:',
      'Huidexcisie van 1,2 x 0,6 cm, diepte 0,4 cm.',
      'MICROSCOPIE:',
      'Basaalcelcarcinoom van het nodulaire type. Snijvlakken vrij.',
      'CONCLUSIE:',
      'Huid, rechter wang, excisie: basaalcelcarcinoom, radicaal verwijderd.',
    ].join('\n');
    expect(rulesOnly(text).category).toBe('pathology-report');
    expect(ruleIds(text)).toContain('path.sections.pair.nl-fr');
  });

  it('a radiology report: question, report, conclusion', () => {
    const text = [
      'CT-thorax',
      'Vraagstelling: metastasen?',
      'Verslag:',
      'Vergeleken met het onderzoek van vorig jaar. In de rechter onderkwab is een nodus van 6 mm zichtbaar, ongewijzigd.',
      'Geen aanwijzingen voor pleuravocht. Geen pathologisch vergrote lymfeklieren.',
      'Conclusie:',
      'Geen aanwijzingen voor metastasen.',
    ].join('\n');
    expect(rulesOnly(text).category).toBe('imaging-report');
  });

  it('a Dutch report that uses "is" is still Dutch', () => {
    const text = 'Er is een kleine nodus in de rechter onderkwab, die is ongewijzigd ten opzichte van het vorige onderzoek. De lever is normaal van grootte en er is geen vrij vocht. Het skelet is degeneratief veranderd. Er is geen aanwijzing voor metastasen in de wervelkolom.';
    expect(detectLanguage(text).code).toBe('nl');
  });
});

describe('English radiology and European pathology wording', () => {
  it('EXAMINATION beside COMPARISON and IMPRESSION names the exam: an imaging report', () => {
    const text = 'EXAMINATION: Chest, two views.\nINDICATION: cough\nCOMPARISON: none\nFINDINGS: The lungs are clear. Heart size is normal.\nIMPRESSION: No acute disease.';
    expect(rulesOnly(text).category).toBe('imaging-report');
    expect(ruleIds(text)).toContain('img.sections.pair');
  });

  it('Macroscopy and Microscopy together: a pathology report', () => {
    const text = 'Clinical information: skin lesion, left forearm.\nMacroscopy: ellipse of skin 12 x 5 mm.\nMicroscopy: a basal cell carcinoma, nodular type, completely excised.\nConclusion: basal cell carcinoma, left forearm, excised.';
    expect(rulesOnly(text).category).toBe('pathology-report');
    expect(ruleIds(text)).toContain('path.sections.pair');
  });
});
