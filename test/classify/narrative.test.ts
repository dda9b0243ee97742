import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { dampLabMentions, narrativeReason, narrativeShape } from '../../src/classify/narrative.js';
import type { Reason } from '../../src/model/scan.js';

// Invented case histories (our own words), one per language: no title, no headings, the stages as prose.
const CASES: Record<string, string> = {
  es: `Varón de 58 años sin antecedentes de interés que acude a urgencias por dolor abdominal de una semana de evolución y pérdida de peso.
A la exploración física presenta un abdomen doloroso a la palpación en epigastrio, sin signos de irritación peritoneal.
En la analítica destaca una hemoglobina de 10,2 g/dl y leucocitos de 12.400, con creatinina normal.
La tomografía computarizada mostró una masa en la cabeza del páncreas de tres centímetros con dilatación de la vía biliar.
Se realizó una biopsia guiada por ecoendoscopia que confirmó el diagnóstico de adenocarcinoma de páncreas.
Se inició tratamiento con quimioterapia y la evolución fue favorable durante el seguimiento en consulta.`,
  fr: `Nous rapportons le cas d'une patiente âgée de 63 ans, sans antécédents particuliers, qui a consulté pour une toux persistante depuis deux mois.
L'examen clinique retrouvait une diminution du murmure vésiculaire à la base droite et une altération de l'état général.
Le scanner thoracique a montré une masse du lobe inférieur droit avec des adénopathies médiastinales homolatérales.
La biopsie bronchique a confirmé le diagnostic de carcinome épidermoïde et le bilan d'extension était négatif.
La patiente a bénéficié d'une lobectomie suivie d'une chimiothérapie adjuvante, avec une évolution favorable à un an.`,
  it: `Un paziente di 71 anni giungeva alla nostra osservazione per comparsa di ittero e prurito da circa tre settimane.
L'anamnesi patologica remota era positiva per ipertensione arteriosa in trattamento farmacologico da molti anni.
All'esame obiettivo l'addome era trattabile e non dolente alla palpazione profonda, con fegato nei limiti.
L'ecografia addominale ha evidenziato una dilatazione delle vie biliari intraepatiche e una lesione della testa pancreatica.
Il paziente veniva sottoposto a intervento chirurgico e il decorso postoperatorio è stato regolare fino alla dimissione.`,
  en: `A 64-year-old woman presented to the emergency department with three weeks of progressive shortness of breath and a dry cough.
She had a history of hypertension and had never smoked, and she took no regular medication apart from amlodipine.
On examination she was tachypnoeic with reduced breath sounds over the right base and dullness to percussion there.
Computed tomography showed a large right pleural effusion with nodular thickening of the pleura and no mediastinal shift.
A pleural biopsy confirmed the diagnosis of metastatic adenocarcinoma of lung origin after immunohistochemistry.
She was treated with an indwelling pleural catheter and systemic chemotherapy, and at follow-up six months later she was well.`,
  de: `Die 66-jährige Patientin stellte sich in unserer Notaufnahme mit seit drei Wochen bestehenden Oberbauchschmerzen und Gewichtsverlust vor.
In der Vorgeschichte sind ein arterieller Hypertonus und ein Diabetes mellitus Typ 2 bekannt, weitere Vorerkrankungen wurden verneint.
Bei der körperlichen Untersuchung zeigte sich ein druckschmerzhafter Oberbauch ohne Abwehrspannung und ohne tastbare Resistenz.
Die Computertomographie zeigte eine Raumforderung im Pankreaskopf mit Erweiterung des Ductus choledochus und ohne Fernmetastasen.
Nach der histologischen Sicherung wurde die Diagnose eines Adenokarzinoms gestellt und eine operative Therapie eingeleitet.
Der postoperative Verlauf war komplikationslos, und die Patientin konnte am zehnten Tag in gutem Zustand entlassen werden.`,
  nl: `Een 59-jarige man meldde zich op de spoedeisende hulp met sinds twee weken toenemende hoofdpijn en braken in de ochtend.
In de voorgeschiedenis was er sprake van een melanoom op de rug dat vijf jaar eerder was verwijderd zonder verdere behandeling.
Bij lichamelijk onderzoek werd een lichte krachtsvermindering van de linkerarm gezien en was er geen nekstijfheid aanwezig.
De MRI-scan toonde drie aankleurende laesies in beide hemisferen met veel oedeem, passend bij metastasen van het melanoom.
De diagnose werd bevestigd en de behandeling bestond uit stereotactische radiotherapie gevolgd door immunotherapie.
In het verdere beloop nam de hoofdpijn af en werd hij na vijf dagen in goede conditie ontslagen naar huis.`,
};

describe('case narratives without a title or headings (issue 11)', () => {
  for (const [language, text] of Object.entries(CASES)) {
    it(`recognises a ${language} case history as a clinical summary`, () => {
      const shape = narrativeShape(text);
      expect(shape.intro).toBeDefined();
      expect(shape.sectionHeadings).toBe(0);
      expect(shape.proseShare).toBeGreaterThan(0.8);
      const reason = narrativeReason(shape);
      expect(reason?.category).toBe('clinical-summary');
      const verdict = classifyDocumentText(text, 'scan 3.pdf');
      expect(verdict.category).toBe('clinical-summary');
      expect(verdict.tiedWith).toEqual([]);
    });
  }

  it('does not read a report in headed parts as a narrative, however much prose it holds', () => {
    const headed = `HISTORY OF PRESENT ILLNESS: A 64-year-old woman presented with three weeks of shortness of breath and a dry cough.
PAST MEDICAL HISTORY: Hypertension, treated with amlodipine for many years without any complication or admission.
PHYSICAL EXAMINATION: Reduced breath sounds over the right base, with dullness to percussion over the same area.
FINDINGS: Computed tomography showed a large right pleural effusion with nodular pleural thickening on the right.
IMPRESSION: Malignant effusion is likely; a biopsy confirmed the diagnosis and she was treated, with follow-up arranged.`;
    expect(narrativeShape(headed).sectionHeadings).toBeGreaterThanOrEqual(4);
    expect(narrativeReason(narrativeShape(headed))).toBeUndefined();
  });

  it('needs the patient or several stages: a prose paragraph about something else is not a case', () => {
    const notice = `The clinic will be closed on public holidays and the pharmacy keeps its usual opening hours during the week.
Please bring your appointment card and a list of the medicines you take to every visit at the outpatient department.
Parking is available behind the main building, and the bus stops at the front entrance every fifteen minutes.`;
    expect(narrativeReason(narrativeShape(notice))).toBeUndefined();
  });

  it('damps lab words named in sentences, not those in a table of values', () => {
    const lab: Reason = { rule: 'lab.analytes.i18n', category: 'lab-results', weight: 6, matched: ['hemoglobina'] };
    const title: Reason = { rule: 'lab.title.i18n', category: 'lab-results', weight: 32, matched: ['hemograma'] };
    const inProse = dampLabMentions([lab, title], narrativeShape(CASES.es ?? ''));
    expect(inProse.find((r) => r.rule === 'lab.analytes.i18n')?.weight).toBeLessThan(6);
    expect(inProse.find((r) => r.rule === 'lab.title.i18n')?.weight).toBe(32);
    const table = `Hemograma\nHemoglobina 10,2 g/dl 12,0 - 16,0\nLeucocitos 12,4 x10^9/l 4,0 - 11,0\nPlaquetas 250 x10^9/l 150 - 400\nCreatinina 0,9 mg/dl 0,6 - 1,2`;
    const shape = narrativeShape(table);
    expect(shape.valueLines).toBeGreaterThanOrEqual(3);
    expect(dampLabMentions([lab], shape)[0]?.weight).toBe(6);
  });

  it('keeps a lab table a lab report, in Spanish', () => {
    const table = `Informe de laboratorio\nHemoglobina 10,2 g/dl 12,0 - 16,0\nLeucocitos 12,4 x10^9/l 4,0 - 11,0\nPlaquetas 250 x10^9/l 150 - 400\nCreatinina 0,9 mg/dl 0,6 - 1,2\nBilirrubina 0,8 mg/dl 0,2 - 1,2\nValores de referencia según el laboratorio`;
    expect(classifyDocumentText(table, 'analitica.pdf').category).toBe('lab-results');
  });
});
