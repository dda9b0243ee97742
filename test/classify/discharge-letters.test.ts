import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { FORM_UNDER_STAY, weighFormBesideStay } from '../../src/classify/engine.js';
import type { Reason } from '../../src/model/scan.js';

// Issue 11, slice s11-b: a letter after a stay in hospital is a discharge letter, in German and in the other rule
// languages; a letter after a visit is a clinic letter. Every text is invented. The rules alone decide
// (`model: false`: the model reads English only, so on these letters the rules decide in use too).
const rulesOnly = (text: string, file = 'letter 5.pdf') => classifyDocumentText(text, file, { model: false });
const ruleIds = (text: string): string[] => rulesOnly(text).reasons.map((r) => r.rule);

const germanStay = (opening: string, extra = ''): string => [
  'Klinik für Allgemeinchirurgie',
  '',
  'Arztbrief vom 20.11.2064',
  '',
  'Sehr geehrte Damen und Herren,',
  '',
  opening,
  '',
  'Diagnosen:',
  '- Sigmakarzinom, pT3 pN2b',
  '',
  'Verlauf',
  'Der Patient wurde am 4.11. komplikationslos operiert und konnte in gutem Zustand entlassen werden.',
  extra,
  '',
  'Mit freundlichen Grüßen',
  'Dr. med. A. Beispiel',
].join('\n');

describe('a German letter after a stay in hospital', () => {
  it('is a discharge summary even when its title only says "Arztbrief" and it opens as a letter', () => {
    const text = germanStay('wir berichten über den Patienten Herrn B., welcher vom 1.11.2064 bis 30.11.2064 von uns stationär behandelt wurde.');
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('discharge-summary');
    expect(verdict.tiedWith).toEqual([]);
    expect(ruleIds(text)).toEqual(expect.arrayContaining(['dc.stay.i18n', 'summary.title.letter.i18n']));
  });

  it('a span of days spent "in unserem Hause" is a stay, without the word "stationär"', () => {
    const text = germanStay('wir berichten über unsere gemeinsame Patientin, die sich vom 15.5.2014 bis 13.6.2014 in unserem Hause zur Anschlussheilbehandlung nach Relaparotomie aufhielt.');
    expect(rulesOnly(text).category).toBe('discharge-summary');
    expect(ruleIds(text)).toContain('dc.stay.i18n');
  });

  it('its own sections (findings at admission, medication at discharge) are discharge evidence as in English', () => {
    const text = ['Sehr geehrter Herr Kollege,', 'wir berichten über Ihren Patienten.', '', 'Status bei Aufnahme:', 'Guter AZ.', '', 'Entlassungsmedikation:', 'Pantoprazol 40 mg 1-0-0', '', 'Mit freundlichen Grüßen'].join('\n');
    const reasons = rulesOnly(text).reasons;
    expect(reasons.find((r) => r.rule === 'dc.sections.several.i18n')?.matched).toEqual(expect.arrayContaining(['status bei aufnahme', 'entlassungsmedikation']));
    expect(rulesOnly(text).category).toBe('discharge-summary');
  });
});

describe('a German letter after a visit stays a clinic letter', () => {
  it('a visit in the clinic, a day-clinic course and a planned admission are no stay', () => {
    const text = [
      'Onkologische Ambulanz',
      '',
      'Sehr geehrter Herr Kollege,',
      '',
      'wir berichten über Ihren Patienten Herrn B., der sich am 03.03.2024 in unserer Sprechstunde vorstellte. Er war vom 01.02.2024 bis 05.02.2024 in unserer Tagesklinik zur Chemotherapie und befand sich danach wohl.',
      '',
      'Procedere:',
      'Eine stationäre Aufnahme ist für den 2.05.2024 geplant.',
      '',
      'Mit freundlichen Grüßen',
    ].join('\n');
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('clinical-summary');
    expect(ruleIds(text)).not.toContain('dc.stay.i18n');
  });

  it('an "Arztbrief" about a visit is a clinic letter: the letter title still counts where no stay is told', () => {
    const text = ['Arztbrief', '', 'Sehr geehrte Frau Kollegin,', 'wir berichten über Ihre Patientin, die sich heute in unserer Sprechstunde vorstellte.', '', 'Beurteilung und Procedere:', 'Kontrolle in drei Monaten.', '', 'Mit freundlichen Grüßen'].join('\n');
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('clinical-summary');
    const letterTitle = verdict.reasons.find((r) => r.rule === 'summary.title.letter.i18n');
    expect(letterTitle?.weight).toBe(24);
  });
});

describe('a letter\'s form beside a stay', () => {
  const reasons: Reason[] = [
    { rule: 'summary.salutation.i18n', category: 'clinical-summary', weight: 8, matched: ['sehr geehrte damen und herren'] },
    { rule: 'summary.title.i18n', category: 'clinical-summary', weight: 12, matched: ['ambulanz'] },
    { rule: 'summary.title.letter.i18n', category: 'clinical-summary', weight: 24, matched: ['arztbrief'] },
  ];

  it('is damped where a stay is told, and only the form: a clinic named in the title keeps its weight', () => {
    const weighed = weighFormBesideStay([...reasons, { rule: 'dc.stay.i18n', category: 'discharge-summary', weight: 24, matched: ['stationär behandelt'] }]);
    expect(weighed.find((r) => r.rule === 'summary.salutation.i18n')?.weight).toBe(8 * FORM_UNDER_STAY);
    expect(weighed.find((r) => r.rule === 'summary.title.letter.i18n')?.weight).toBe(24 * FORM_UNDER_STAY);
    expect(weighed.find((r) => r.rule === 'summary.title.i18n')?.weight).toBe(12);
  });

  it('is left as it is without a stay, or when the stay is only cited', () => {
    expect(weighFormBesideStay(reasons)).toEqual(reasons);
    const cited = weighFormBesideStay([...reasons, { rule: 'dc.stay.i18n', category: 'discharge-summary', weight: 8.4, matched: ['stationär behandelt (cited)'] }]);
    expect(cited.find((r) => r.rule === 'summary.title.letter.i18n')?.weight).toBe(24);
  });
});

describe('the same in French, Italian, Spanish and Dutch', () => {
  const stays: [string, string][] = [
    ['French', "Cher confrère,\n\nVotre patiente, Madame E., a été hospitalisée dans notre service du 3 au 12 mars 2024 pour un ictère.\n\nÉvolution dans le service :\nUn drainage biliaire a été réalisé le 5 mars.\n\nDiagnostic de sortie : adénocarcinome du pancréas.\n\nTraitement de sortie :\nParacétamol 1 g trois fois par jour.\n\nBien cordialement,"],
    ['Italian', "Gentile collega,\n\nla sua paziente è stata ricoverata presso il nostro reparto dal 3 al 12 marzo 2024 per ittero.\n\nDecorso clinico:\nIl 5 marzo è stata sottoposta a drenaggio biliare.\n\nDiagnosi di dimissione: adenocarcinoma del pancreas.\n\nTerapia alla dimissione:\nParacetamolo 1 g tre volte al giorno.\n\nCordiali saluti"],
    ['Spanish', 'Estimado colega:\n\nLe remitimos a la paciente, que ha permanecido ingresada en nuestro servicio del 3 al 12 de marzo de 2024 por ictericia.\n\nEvolución durante el ingreso:\nSe realizó drenaje biliar el 5 de marzo.\n\nDiagnóstico al alta: adenocarcinoma de páncreas.\n\nTratamiento al alta:\nParacetamol 1 g cada 8 horas.\n\nAtentamente,'],
    ['Dutch', 'Geachte collega,\n\nUw patiënte was opgenomen op onze afdeling. Opname van 3 tot 12 maart 2024 wegens icterus.\n\nBeloop tijdens opname:\nOp 5 maart werd een galwegdrain geplaatst.\n\nOntslagdiagnose: adenocarcinoom van de pancreas.\n\nMedicatie bij ontslag:\nParacetamol 1 g driemaal daags.\n\nMet collegiale groet,'],
  ];
  it.each(stays)('a %s letter after a stay is a discharge summary', (_language, text) => {
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('discharge-summary');
    expect(verdict.tiedWith).toEqual([]);
    expect(ruleIds(text)).toEqual(expect.arrayContaining(['dc.stay.i18n', 'dc.sections.several.i18n']));
  });

  const visits: [string, string][] = [
    ['French', "Cher confrère,\n\nJe vous remercie de m'avoir adressé votre patiente, âgée de 69 ans, que j'ai vue ce jour en consultation pour un adénocarcinome du pancréas.\n\nAntécédents : hypertension artérielle.\nExamen clinique : bon état général.\n\nConduite à tenir : une hospitalisation de jour sera programmée.\n\nBien cordialement,"],
    ['Italian', 'Gentile collega,\n\nabbiamo visitato in data odierna la sua paziente di 69 anni per un adenocarcinoma del pancreas.\n\nAnamnesi: ipertensione arteriosa.\nEsame obiettivo: buone condizioni generali.\n\nConclusioni: si propone un ricovero.\n\nCordiali saluti'],
    ['Spanish', 'Estimado colega:\n\nVemos en consulta a la paciente de 69 años remitida por adenocarcinoma de páncreas.\n\nAntecedentes personales: hipertensión arterial.\nExploración física: buen estado general.\n\nPlan terapéutico: se propone ingreso programado.\n\nAtentamente,'],
  ];
  it.each(visits)('a %s letter after a visit is a clinical summary', (_language, text) => {
    expect(rulesOnly(text).category).toBe('clinical-summary');
    expect(ruleIds(text)).not.toContain('dc.stay.i18n');
  });

  it('a case history told as a story, without a dated stay, is no discharge letter', () => {
    const text = "Nous rapportons le cas d'une patiente âgée de 63 ans, sans antécédents, admise pour des douleurs abdominales. Au cours de son hospitalisation, l'examen clinique trouvait une sensibilité de la fosse iliaque droite. Le scanner a montré une appendicite. Elle a été opérée et l'évolution a été favorable.";
    expect(rulesOnly(text).category).toBe('clinical-summary');
  });
});

describe('an English letter', () => {
  it('"letter" in a referral letter\'s title counts once, as the referral letter', () => {
    const ids = ruleIds('Referral Letter\n\nDear Dr Example,\nThank you for seeing this man with a pancreatic mass.\nYours sincerely');
    expect(ids).toContain('summary.title');
    expect(ids).not.toContain('summary.title.letter');
  });

  it('a letter built of a discharge summary\'s sections is a discharge summary', () => {
    const text = ['Letter', '', 'Dear Dr Example,', '', 'Admission date: 01/02/2024', 'Discharge date: 09/02/2024', '', 'Hospital course:', 'She was treated with antibiotics and improved.', '', 'Discharge medications:', 'Amoxicillin 500 mg three times daily.', '', 'Yours sincerely,'].join('\n');
    const verdict = rulesOnly(text);
    expect(verdict.category).toBe('discharge-summary');
    expect(verdict.tiedWith).toEqual([]);
  });
});
