/**
 * Date labels of Chinese, Spanish, French, German, Arabic, Hindi, Dutch and Italian reports
 * ("采样日期", "Fecha de la biopsia", "Prélèvement effectué le",
 * "Eingangsdatum", "تاريخ الفحص", "रिपोर्ट की तिथि"): plain phrases by the kind
 * of date they introduce, turned into patterns by labels.ts. A space in a
 * phrase is any run of spaces or tabs on one line.
 *
 * The kinds are labels.ts's (DateKind and ExcludedKind), spelled out here so
 * this data file imports nothing.
 */
export type I18nLabelKind =
  | 'birth' | 'procedure' | 'collection' | 'received' | 'operation' | 'exam' | 'admission' | 'discharge'
  | 'visit' | 'report' | 'printed' | 'future-visit';

export interface I18nDateLabel { id: string; kind: I18nLabelKind; phrases: readonly string[] }

export const DATE_LABELS_I18N: readonly I18nDateLabel[] = [
  { id: 'dob.i18n', kind: 'birth', phrases: [
    '出生日期', '出生年月', '生年月日', '생년월일',
    'fecha de nacimiento', 'f. nacimiento', 'fecha nac', 'né le', 'née le', 'né(e) le', 'geburtsdatum', 'geb.-datum', 'geb.', 'geboren am',
    'تاريخ الميلاد', 'تاريخ الولادة', 'जन्म तिथि', 'जन्म की तिथि', 'जन्मतिथि',
    // Languages without rules of their own yet: a birth date must still never become the clinical date.
    'data de nascimento', 'data nasc', 'data di nascita', 'nato il', 'nata il', 'дата рождения', 'д.р.', 'doğum tarihi', 'date de naissance', 'fecha nacimiento',
    'geboortedatum', 'data urodzenia', 'datum narození',
    // German "geb:" and Dutch "geb. datum" / "geboren op" head a birth date as often as "geb." does.
    'geb', 'geb. datum', 'geboren op', 'nato a', 'nata a',
  ] },
  { id: 'procedure.i18n', kind: 'procedure', phrases: [
    '活检日期', '穿刺日期',
    'fecha de la biopsia', 'fecha de biopsia', 'fecha del procedimiento', 'date de la biopsie', 'date du prélèvement biopsique', 'biopsiedatum', 'datum der biopsie',
    'datum biopsie', 'datum van de biopsie', 'data della biopsia', 'data biopsia',
    'تاريخ الخزعة', 'تاريخ الإجراء', 'बायोप्सी की तिथि', 'प्रक्रिया की तिथि',
  ] },
  { id: 'collection.i18n', kind: 'collection', phrases: [
    '采样日期', '采集日期', '取材日期', '标本采集日期', '送检日期', '采样时间', '送检时间', '取材时间', '采集时间', '标本采集时间', '採取日', '채취일',
    'fecha de toma', 'fecha de extracción', 'fecha de obtención', 'fecha de recogida', 'date de prélèvement', 'prélèvement effectué le', 'prélevé le', 'prélèvement du',
    'entnahmedatum', 'entnahme am', 'datum der entnahme', 'abnahmedatum', 'abnahme am',
    'afnamedatum', 'datum afname', 'afgenomen op', 'data prelievo', 'data del prelievo', 'prelievo del',
    'تاريخ أخذ العينة', 'تاريخ جمع العينة', 'تاريخ سحب العينة', 'تاريخ العينة',
    'नमूना लेने की तिथि', 'नमूना संग्रह तिथि', 'नमूना संग्रह की तिथि', 'सैंपल की तिथि',
  ] },
  { id: 'received.i18n', kind: 'received', phrases: [
    '接收日期', '收到日期', '收样日期', '接收时间', '标本接收时间', '收到时间',
    'fecha de recepción', 'fecha de entrada', 'reçu le', 'date de réception', 'eingangsdatum', 'eingang am', 'eingegangen am',
    'datum ontvangst', 'ontvangstdatum', 'ontvangen op', 'data accettazione', 'data di accettazione', 'data ricevimento',
    'تاريخ استلام العينة', 'تاريخ الاستلام', 'नमूना प्राप्ति की तिथि', 'प्राप्ति तिथि',
  ] },
  { id: 'operation.i18n', kind: 'operation', phrases: [
    '手术日期', '手术时间', '手术开始时间',
    'fecha de la intervención', 'fecha de intervención', 'fecha de la cirugía', 'fecha de cirugía', "date de l'intervention", "date d'intervention", 'opéré le', 'date opératoire',
    'operationsdatum', 'op-datum', 'operiert am', 'datum der operation',
    'operatiedatum', 'datum operatie', 'geopereerd op', 'data intervento', "data dell'intervento", 'operato il', 'operata il',
    'تاريخ العملية', 'تاريخ الجراحة', 'ऑपरेशन की तिथि', 'सर्जरी की तिथि',
  ] },
  { id: 'exam.i18n', kind: 'exam', phrases: [
    '检查日期', '检查时间', '影像检查日期', '検査日', '검사일',
    'fecha del estudio', 'fecha de estudio', 'fecha de la exploración', 'fecha del examen', "date de l'examen", "date d'examen", 'examen du', 'examen réalisé le',
    'untersuchungsdatum', 'untersuchung vom', 'untersuchung am', 'datum der untersuchung',
    'onderzoeksdatum', 'datum onderzoek', 'datum van onderzoek', 'data esame', "data dell'esame", 'data di esecuzione', 'eseguito il',
    'تاريخ الفحص', 'تاريخ التصوير', 'तिथि जांच', 'जांच की तिथि', 'स्कैन की तिथि',
  ] },
  { id: 'admission.i18n', kind: 'admission', phrases: [
    '入院日期', '入院时间', 'fecha de ingreso', "date d'entrée", "date d'admission", 'admis le', 'aufnahmedatum', 'aufnahme am', 'stationäre aufnahme am',
    'opnamedatum', 'datum opname', 'opgenomen op', 'data ricovero', 'data di ricovero', 'ricoverato il', 'ricoverata il',
    'تاريخ الدخول', 'تاريخ القبول', 'भर्ती की तिथि', 'भर्ती तिथि',
  ] },
  { id: 'discharge.i18n', kind: 'discharge', phrases: [
    '出院日期', '出院时间', 'fecha de alta', 'date de sortie', 'sorti le', 'sortie le', 'entlassungsdatum', 'entlassen am', 'entlassung am',
    'ontslagdatum', 'datum ontslag', 'ontslagen op', 'data dimissione', 'data di dimissione', 'dimesso il', 'dimessa il',
    'تاريخ الخروج', 'تاريخ المغادرة', 'छुट्टी की तिथि', 'डिस्चार्ज की तिथि', 'डिस्चार्ज तिथि',
  ] },
  { id: 'visit.i18n', kind: 'visit', phrases: [
    '就诊日期', '门诊日期', '会诊日期', 'fecha de consulta', 'fecha de la consulta', 'fecha de visita', 'date de consultation', 'date de la consultation', 'consultation du',
    'vorstellung am', 'datum der vorstellung', 'ambulante vorstellung am',
    // German out-patient letters head the visit "Ambulant am", "Ambulanz am", "vorgestellt am".
    'ambulant am', 'ambulanz am', 'vorgestellt am', 'sprechstunde am',
    'datum consult', 'datum polikliniekbezoek', 'gezien op', 'data visita', 'data della visita', 'visitato il',
    'تاريخ الزيارة', 'تاريخ المراجعة', 'परामर्श की तिथि', 'ओपीडी तिथि',
  ] },
  { id: 'report.i18n', kind: 'report', phrases: [
    '报告日期', '报告时间', '审核日期', '報告日', '보고일',
    'fecha del informe', 'fecha de informe', 'fecha de validación', 'compte rendu validé le', 'validé le', 'date du compte rendu', 'signé le',
    'befunddatum', 'befundet am', 'freigegeben am', 'vidiert am',
    'angelegt am', 'erstellt am', 'datum verslag', 'verslagdatum', 'datum antwoord', 'datum uitslag', 'geautoriseerd op', 'data referto', 'data del referto', 'refertato il',
    'تاريخ التقرير', 'تاريخ الإصدار', 'रिपोर्ट की तिथि', 'रिपोर्ट तिथि',
  ] },
  { id: 'printed.i18n', kind: 'printed', phrases: [
    '打印日期', 'fecha de impresión', "date d'édition", "date d'impression", 'édité le', 'druckdatum', 'gedruckt am', 'تاريخ الطباعة', 'मुद्रण तिथि',
    // A printout's header says "Printed" in one word in every language: never the clinical date (issue 11: "Gedruckt 11/02/2025").
    'gedruckt', 'ausgedruckt am', 'impreso', 'impreso el', 'imprimé', 'imprimé le', 'stampato', 'stampato il', 'data di stampa', 'afgedrukt', 'afgedrukt op', 'printdatum',
  ] },
  { id: 'future-visit.i18n', kind: 'future-visit', phrases: [
    '复诊日期', '下次就诊', 'próxima cita', 'prochain rendez-vous', 'nächster termin', 'wiedervorstellung', 'volgende afspraak', 'prossimo controllo', 'prossima visita', 'الموعد القادم', 'अगली मुलाकात',
  ] },
];

const UNSPACED_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const WORD_START = '(?<![\\p{L}\\p{M}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{M}])';

/**
 * A phrase's lookarounds: `\b` knows only ASCII letters, so word starts and ends are lookarounds over all letters
 * and combining marks; Chinese, Japanese and Korean labels follow other characters directly ("标本采集日期").
 */
function boundsOf(phrase: string): { start: string; end: string } {
  const start = UNSPACED_START.test(phrase) ? '' : WORD_START;
  const end = /[\p{L}\p{M}]$/u.test(phrase) && !UNSPACED_START.test(phrase.slice(-1)) ? WORD_END : '';
  return { start, end };
}

const phraseBody = (phrase: string): string => phrase.split(' ').map(escape).join('[ \\t]+');

/**
 * The phrases, longest first, as one alternation. Neighbouring phrases with the same lookarounds share one copy
 * of them: `S(?:a|b)E` matches what `SaE|SbE` matches, in the same order, as S is tried at the same position
 * either way. Each `\p{…}` class under `iu` costs V8 milliseconds to parse, and a label wrote them per phrase
 * (~60 ms a run at start-up, before a single document was read); test/classify/dates-labels-i18n.test.ts holds
 * the shared form to the per-phrase one.
 */
function labelSource(phrases: readonly string[]): string {
  const groups: Array<{ start: string; end: string; bodies: string[] }> = [];
  for (const phrase of [...phrases].sort((a, b) => b.length - a.length)) {
    const { start, end } = boundsOf(phrase);
    const last = groups.at(-1);
    if (last && last.start === start && last.end === end) last.bodies.push(phraseBody(phrase));
    else groups.push({ start, end, bodies: [phraseBody(phrase)] });
  }
  return `(?:${groups.map((g) => `${g.start}(?:${g.bodies.join('|')})${g.end}`).join('|')})`;
}

/** The labels as labels.ts wants them: a case-insensitive pattern per kind (`m`, as the English ones). */
export const DATE_LABEL_PATTERNS_I18N: ReadonlyArray<{ id: string; kind: I18nLabelKind; pattern: RegExp }> = DATE_LABELS_I18N.map((label) => ({
  id: label.id,
  kind: label.kind,
  pattern: new RegExp(labelSource(label.phrases), 'gimu'),
}));
