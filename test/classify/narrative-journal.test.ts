import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { narrativeReason, narrativeShape } from '../../src/classify/narrative.js';

// Invented texts (our own words, no real patient) in the style of Italian journal case reports (ages in words, no
// headings, 50-120 words, the imperfect tense) and of Chinese 现病史 passages that quote pathology inside the history.

/** Wrapped as a printout wraps it (about 90 characters a line), so the first line alone is the top of the page. */
function printed(text: string, width = 90): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

const ITALIAN: Record<string, { text: string; intro: string }> = {
  'a case report opening "Presentiamo il caso di una donna di ventiquattro anni"': { intro: 'Presentiamo', text: `Presentiamo il caso di una donna di ventiquattro anni, senza precedenti di rilievo, che si rivolgeva al pronto soccorso per la comparsa da circa dieci giorni di febbre serotina e tosse secca. La radiografia del torace mostrava un ampio slargamento del mediastino anteriore. La TC del torace confermava una massa mediastinica di otto centimetri con compressione della vena cava superiore. La paziente veniva sottoposta a biopsia per via mediastinoscopica e l'esame istologico documentava un linfoma a grandi cellule B primitivo del mediastino. Iniziava quindi una chemioterapia secondo lo schema R-CHOP con buona risposta clinica e radiologica.` },
  'the sex as a register says it, "si ricovera"': { intro: 'Paziente di sesso femminile', text: `Paziente di sesso femminile, di anni cinquantadue, si ricovera presso il nostro reparto per ittero e prurito comparsi da tre settimane. Gli esami ematochimici mostravano un aumento della bilirubina diretta e della fosfatasi alcalina. L'ecografia dell'addome evidenziava una dilatazione delle vie biliari intra ed extraepatiche. La colangio-RM documentava una stenosi del coledoco distale. Veniva posizionata una protesi biliare per via endoscopica e il brushing risultava positivo per cellule di adenocarcinoma. La paziente veniva dimessa in buone condizioni e avviata a valutazione chirurgica.` },
  'a short case of four sentences': { intro: 'di diciannove anni', text: `Un ragazzo di diciannove anni si presentava in pronto soccorso per tumefazione testicolare sinistra non dolente. L'ecografia scrotale mostrava una lesione solida disomogenea. Veniva sottoposto ad orchifunicolectomia e l'esame istologico documentava un seminoma classico. Il decorso è stato regolare.` },
  'an age as an adjective ("sessantenne")': { intro: 'sessantenne', text: `Una donna sessantenne, ex fumatrice, giunge in ospedale per emottisi e calo ponderale di sei chili negli ultimi tre mesi. La TC del torace rivelava una lesione spiculata del lobo superiore destro con adenopatie ilari omolaterali. La broncoscopia con biopsia poneva diagnosi di carcinoma squamoso. Dopo discussione multidisciplinare la paziente veniva avviata a chemioradioterapia concomitante, ben tollerata, e a distanza di sei mesi la malattia appariva stabile.` },
  'a nursing case: a name, an age after a comma, the return home': { intro: 'settantadue anni', text: `Il signor Mario, settantadue anni, portatore di colostomia definitiva dopo un intervento per neoplasia del retto, rientra al proprio domicilio dopo un ricovero di due settimane. Durante la degenza ha presentato una infezione della ferita perineale, trattata con antibiotici e medicazioni quotidiane. La moglie, che vive con lui, è stata istruita dal personale infermieristico sulla gestione della stomia e appare preoccupata ma collaborante.` },
};

describe('Italian journal case reports (issue 11)', () => {
  for (const [name, { text, intro }] of Object.entries(ITALIAN)) {
    it(`reads ${name} as a clinical summary`, () => {
      const shape = narrativeShape(printed(text));
      expect(shape.intro).toBe(intro);
      expect(shape.sectionHeadings).toBe(0);
      expect(narrativeReason(shape)?.category).toBe('clinical-summary');
      const verdict = classifyDocumentText(printed(text), 'scan 3.pdf');
      expect(verdict.category).toBe('clinical-summary');
      expect(verdict.tiedWith).toEqual([]);
    });
  }

  it('finds the stages an Italian report tells in the imperfect and in compound words', () => {
    const stagesOf = (sentence: string): string[] => narrativeShape(sentence).stages;
    expect(stagesOf('La TC addome mostrava un ispessimento della parete del colon.')).toContain('tests');
    expect(stagesOf("L'esame istologico documentava un adenocarcinoma.")).toContain('tests');
    expect(stagesOf('Il paziente si ricovera per dispnea.')).toContain('presentation');
    expect(stagesOf('Si rivolgeva al curante per astenia.')).toContain('presentation');
    expect(stagesOf('Iniziava una chemioterapia adiuvante.')).toContain('treatment');
    expect(stagesOf('Veniva dimesso in settima giornata.')).toContain('course');
    expect(stagesOf('Rientra al proprio domicilio.')).toContain('course');
    expect(stagesOf('Paziente affetto da diabete mellito.')).toContain('history');
    // English words that only look alike are not Italian stages: "endoscopic" is not "endoscopia", "Tc-99m" is no TC.
    expect(stagesOf('An endoscopic view of the Tc-99m tracer uptake.')).toEqual([]);
  });

  it('takes an age in words for an introduction, and a duration for none', () => {
    const introOf = (sentence: string): string | undefined => narrativeShape(sentence).intro;
    expect(introOf('Una bambina di tre anni veniva condotta in ospedale.')).toBe('di tre anni');
    expect(introOf('Un uomo di sessantasette anni giungeva alla nostra osservazione.')).toBe('di sessantasette anni');
    expect(introOf('Un uomo di ventotto anni giungeva alla nostra osservazione.')).toBe('di ventotto anni');
    expect(introOf('Paziente di sesso maschile giunto per dolore toracico.')).toBe('Paziente di sesso maschile');
    expect(introOf('Varón de cuarenta y dos años que acude por dolor abdominal.')).toBe('de cuarenta y dos años');
    expect(introOf('Patiente âgée de soixante-deux ans, hospitalisée pour dyspnée.')).toBe('de soixante-deux ans');
    // How long an illness has lasted is not how old the patient is.
    expect(introOf('Dolore addominale da tre anni, trattato con antispastici.')).toBeUndefined();
    expect(introOf('Toux chronique depuis trois ans chez un fumeur.')).toBeUndefined();
  });

  it('keeps an Italian radiology report in headed parts an imaging report', () => {
    const report = `REFERTO RADIOLOGICO
TC torace e addome con mezzo di contrasto
Quesito clinico: stadiazione di neoplasia del colon.
Tecnica: scansioni assiali prima e dopo mezzo di contrasto.
Reperti: non lesioni focali epatiche. Linfonodi mediastinici nei limiti. La TC mostrava un ispessimento del sigma.
Conclusioni: ispessimento parietale del sigma, da correlare con la colonscopia.`;
    expect(narrativeReason(narrativeShape(report))).toBeUndefined();
    expect(classifyDocumentText(report, 'tc.pdf').category).toBe('imaging-report');
  });
});

// A 现病史 passage quoted on its own opens mid-story and tells the course as dated steps, quoting the pathology and
// immunohistochemistry of each operation inside its sentences.
const TIMELINE = `术前“腹痛，便血”，2018-5-10行直肠癌根治术，术后病理：直肠中分化腺癌，侵及外膜，淋巴结2/14，免疫组化MLH1（+），
MSH2（+），KRAS、BRAF野生型。术后XELOX方案化疗8周期，末次2018-12-1。2019-7-3复查CT示肺多发结节，PET-CT考虑
转移。2019-8起行FOLFIRI+西妥昔单抗治疗，疗效评价SD，目前病情稳定。`;

describe('Chinese histories that quote pathology (issue 11)', () => {
  it('takes three or more dated steps in sentences for the introduction a history without age or sex lacks', () => {
    const shape = narrativeShape(TIMELINE);
    expect(shape.intro).toBeUndefined();
    expect(shape.datedSteps).toBeGreaterThanOrEqual(3);
    expect(shape.stages.length).toBeLessThan(5);
    expect(narrativeReason(shape)?.matched?.[0]).toMatch(/dated steps/);
    const verdict = classifyDocumentText(TIMELINE, 'scan 4.pdf');
    expect(verdict.category).toBe('clinical-summary');
    expect(verdict.tiedWith).toEqual([]);
  });

  it('weighs a pathology word in a Chinese sentence with Latin capitals as a mention, not as a heading', () => {
    // The short line is no heading for being "in capitals": Chinese has no case.
    const verdict = classifyDocumentText(TIMELINE, 'scan 4.pdf');
    const immuno = verdict.reasons.find((r) => r.rule === 'path.sections.i18n');
    expect(immuno?.weight).toBe(3);
  });

  it('does not count the date fields of a form or a table as steps', () => {
    const form = `入院日期：2019-03-04    出院日期：2019-03-12
手术日期：2019-03-06    病理号：2019-1234
随访日期：2019-06-01`;
    expect(narrativeShape(form).datedSteps).toBe(0);
    const table = `日期          项目        结果
2019-03-04    CEA         12.1
2019-04-02    CEA         8.3
2019-05-06    CEA         4.2`;
    expect(narrativeShape(table).datedSteps).toBe(0);
  });

  it('keeps a dated chemotherapy table a table, not a case history', () => {
    const table = `化疗记录
周期    日期          方案      剂量
1       2019-03-04    XELOX     奥沙利铂130mg/m2
2       2019-03-25    XELOX     奥沙利铂130mg/m2
3       2019-04-15    XELOX     奥沙利铂130mg/m2`;
    expect(narrativeReason(narrativeShape(table))).toBeUndefined();
  });
});

describe('lab values quoted in a Chinese history', () => {
  it('are mentions in sentences, not the rows of a lab table', () => {
    const history = `患者1年前体检发现CEA升高，约12.5 ng/ml，行肠镜检查，
病理示乙状结肠腺癌，术前血红蛋白89 g/L，白细胞3.2 x10^9/L，
遂行腹腔镜乙状结肠癌根治术，术后CEA降至2.1 ng/ml，恢复可，
今为行化疗入院，复查血红蛋白105 g/L，肝肾功能正常。`;
    const shape = narrativeShape(history);
    expect(shape.valueLines).toBe(0);
    expect(classifyDocumentText(history, 'scan 5.pdf').category).toBe('clinical-summary');
    const table = `血红蛋白        98        g/L         130-175
白细胞          11.2      10^9/L      3.5-9.5
肌酐            88        umol/L      57-111`;
    expect(narrativeShape(table).valueLines).toBe(3);
  });
});

describe('a Chinese history with no line breaks (a text file, a flat text layer)', () => {
  it('takes a report name after the first clause mark for a mention, not for the top of the page', () => {
    const flat = '患者1年前无明显诱因出现腹胀，于外院复查肿瘤标志物示CEA升高，行胃镜检查，病理示胃窦腺癌，遂行根治性远端胃大部切除术，术后予化疗6周期，定期复查，病情稳定。'.repeat(3);
    const verdict = classifyDocumentText(flat, 'scan 6.pdf');
    expect(verdict.reasons.find((r) => r.rule === 'lab.title.i18n')).toBeUndefined();
    expect(verdict.category).toBe('clinical-summary');
  });
});
