import type { Reason } from '../model/scan.js';
import { withoutOcrEdges } from './ocr-lines.js';
import { isBoilerplate } from './title.js';

/**
 * A clinical narrative: one patient's case told as prose, without a title or
 * section headings ("A 46-year-old man ... presented with ... On examination
 * ... CT showed ... He underwent ... follow-up"; "Varón de 42 años remitido
 * por ... A la exploración ... evolución"). Published case reports and many
 * letters are written so. No single word of it says "clinical summary"; the
 * shape does: a patient introduced by age or sex, the stages of a case
 * history one after another, and sentences rather than headings, fields or
 * value lines. It is weighed as one composite piece of evidence, in English,
 * Spanish, French, Italian, German, Dutch and Chinese (simplified, with the
 * traditional forms of the same words where they differ: "患者，男，65岁，因
 * 发现右肺占位1月入院……行右肺上叶切除术，术后恢复好").
 *
 * The same shape tells lab words apart: a lab report is a table of values
 * (analyte, number, unit on a line, many such lines); a narrative names
 * "hemoglobina, leucocitos" in sentences, and those mentions must not outvote
 * the story they sit in.
 */

/**
 * The stages of a case history, each in the six spaced languages (word starts; matched case-insensitively)
 * and in Chinese (second list: written without spaces, so matched anywhere in a run of characters).
 */
const STAGES: Record<string, RegExp> = {
  presentation: stage([
    'presented (?:with|to|at|for)', 'was admitted', 'admitted (?:to|for|with)', 'was referred', 'referred (?:to|for)', 'complain(?:ed|ing) of', 'was brought', 'came to', 'attended', 'was seen (?:in|at|by)', 'consulted (?:for|in|our|at)',
    'acud(?:e|ió|ía)', 'consult(?:a|ó|aba) por', 'ingres(?:a|ó|aba)', 'remitid[oa]', 'refer(?:ía|ía|ia) ', 'motivo de consulta', 'present(?:a|aba|ó) (?:un|una|dolor|fiebre|cuadro)',
    'a consulté', 'consulte pour', 'admise?', 'hospitalisée?', 'adressée?', 'présentait', "s'est présentée?", 'motif de consultation',
    'giunt[oa]', 'giungeva', 'si presentava', 'ricoverat[oa]', 'veniva ricoverat', 'riferiva', 'giunge', 'accedeva',
    // Italian case reports tell the arrival in the present or the imperfect: "si ricovera", "si rivolgeva al pronto soccorso".
    'si ricover(?:a|ava)', 'si rivolge(?:va)?', 'per (?:la )?comparsa di', 'lamentava', 'pronto soccorso', 'ricovero',
    'stellte sich', 'vorgestellt', 'aufgenommen', 'klagte', 'berichtete über',
    'presenteerde zich', 'meldde zich', 'werd opgenomen', 'klaagde', 'verwezen',
  ], [String.raw`主[诉訴]`, String.raw`出[现現]`, String.raw`因[^。；\n]{1,40}?(?:入院|住院|就[诊診]|来院|來院)`, String.raw`入院`, String.raw`就[诊診]`, String.raw`[来來]我院`, String.raw`收入`, String.raw`收住`]),
  history: stage([
    'history of', 'medical history', 'past history', 'no (?:relevant |significant |previous )?history',
    'antecedentes', 'antecedente',
    'antécédents?', 'sans antécédent',
    'anamnesi', 'storia clinica', 'affett[oa] da', 'not[oa] per', 'pregress[oa]', 'in precedenza',
    'anamnese', 'vorgeschichte', 'vorerkrankungen',
    'voorgeschiedenis',
  ], [String.raw`[现現]病史`, String.raw`既往史`, String.raw`无明显诱因|無明顯誘因`, String.raw`既往[^。；\n]{0,20}?史`, String.raw`[个個]人史`, String.raw`家族史`, String.raw`婚育史`, String.raw`否[认認][^。；\n]{0,30}?史`]),
  examination: stage([
    'on examination', '(?:physical|clinical) examination', 'examination (?:revealed|showed)', 'palpa(?:ble|tion)', 'auscultation', 'vital signs',
    'exploración', 'examen físico', 'palpa(?:ble|ción)', 'auscultación',
    'examen clinique', "à l'examen", 'palpation', 'auscultation',
    'esame obiettivo', 'obiettivamente', "all'esame", 'palpazione', 'palpabile', 'parametri vitali',
    'körperliche(?:n|r)? untersuchung', 'untersuchungsbefund', 'palpatorisch', 'tastbar',
    'lichamelijk onderzoek', 'bij onderzoek', 'palpabel', 'palpatie',
  ], [String.raw`查[体體]`, String.raw`[体體]格[检檢]查`, String.raw`[专專]科[检檢]查`, String.raw`[触觸]及`, String.raw`[听聽][诊診]`, String.raw`[压壓]痛`]),
  tests: stage([
    'laboratory', 'blood tests?', 'ultrasound', 'ultrasonography', 'computed tomography', 'ct scan', 'magnetic resonance', 'biopsy', 'revealed', 'showed',
    'analítica', 'ecografía', 'tomografía', 'resonancia', 'biopsia', 'se objetivó', 'se evidenció', 'mostró', 'reveló', 'pruebas complementarias',
    'bilan', 'échographie', 'scanner', 'biopsie', 'a montré', 'objectivé', 'révélé', 'a mis en évidence',
    'ecografia', 'biopsia', 'evidenziato', 'evidenziava', 'mostrato', 'esami ematochimici',
    // The imperfect is the tense of an Italian case report's findings ("la TC mostrava", "l'esame istologico documentava").
    'mostrava(?:no)?', 'evidenziavano', 'rilevava(?:no)?', 'documentava(?:no)?', 'dimostrava(?:no)?', '(?:la|una|alla|della|nuova|successiva) (?:tc|rm)(?!\\p{L})', 'tomografia', 'risonanza', 'radiografia', 'esame istologico', 'emocromo', 'endoscopia', 'esame endoscopico', 'colonscopia', 'gastroscopia', 'broncoscopia',
    'sonographi', 'computertomographi', 'biopsie', 'zeigte', 'laborchemisch',
    'echografie', 'biopt', 'toonde', 'liet zien',
  ], [String.raw`(?:PET-?CT|CT|MRI|ECT)[^。；，\n]{0,6}?示`, String.raw`B超`, String.raw`彩超`, String.raw`超[声聲]`, String.raw`病理`, String.raw`活[检檢]`, String.raw`穿刺`, String.raw`[检檢]查示`, String.raw`提示`, String.raw`血常[规規]`, String.raw`[胃肠腸][镜鏡]`]),
  diagnosis: stage([
    'diagnos(?:ed|is)', 'confirmed',
    'diagnóstico', 'diagnosticad[oa]', 'se confirmó', 'confirm(?:ó|aron)',
    'diagnostic', 'diagnostiqué', 'confirmé',
    'diagnosi', 'diagnosticat', 'confermat', 'conferma(?:va|vano)', 'compatibile con', 'deponeva per',
    'diagnose', 'diagnostiziert', 'bestätigt',
    'diagnose', 'gediagnosticeerd', 'bevestigd',
  ], [String.raw`[诊診][断斷]`, String.raw`[确確][诊診]`, String.raw`考[虑慮]`]),
  treatment: stage([
    'underwent', 'was treated', 'treated with', 'was started on', 'received', 'surgery', 'therapy',
    'tratamiento', 'tratad[oa]', 'se realizó', 'intervenid[oa]', 'recibió', 'se inició', 'se pautó',
    'traitement', 'traitée?', 'a bénéficié', 'mise? sous', 'opérée?',
    'terapia', 'trattamento', 'sottopost[oa]', 'trattat[oa]', 'intervento',
    'chemioterapi', 'radioterapi', 'chemioradioterapi', 'immunoterapi', 'ormonoterapi', 'avviat[oa] a', 'prescritt[oa]', 'somministrat',
    'therapie', 'behandlung', 'behandelt', 'operiert',
    'behandeling', 'behandeld', 'therapie', 'geopereerd',
  ], [String.raw`行[^。；，\n]{1,30}?[术術]`, String.raw`手[术術]`, String.raw`化[疗療]`, String.raw`放[疗療]`, String.raw`靶向`, String.raw`治[疗療]`, String.raw`[给給]予`, String.raw`方案`, String.raw`周期`]),
  course: stage([
    'follow-up', 'followed up', 'was discharged', 'discharged', 'recovered', 'improved', 'died', 'uneventful', '(?:months|weeks|days|years) later', 'subsequently', 'postoperative course',
    'evolución', 'evolucionó', 'alta', 'seguimiento', 'falleció', 'posteriormente', '(?:meses|semanas|días|años) después',
    'évolution', 'suivi', 'favorable', 'décédée?', '(?:mois|semaines|jours|ans) plus tard',
    'decorso', 'follow-up', 'dimess[oa]', 'decedut[oa]', 'successivamente', 'a distanza di', 'dimission[ei]', 'domicilio', 'exitus', 'remissione',
    'verlauf', 'entlassen', 'verstarb', 'nachsorge',
    'beloop', 'ontslagen', 'overleed', 'nadien',
  ], [String.raw`[术術]后`, String.raw`[术術]後`, String.raw`恢[复復]`, String.raw`出院`, String.raw`[复複覆]查`, String.raw`[随隨][访訪]`, String.raw`好[转轉]`, String.raw`病情`, String.raw`定期`]),
};

function stage(words: readonly string[], chinese: readonly string[]): RegExp {
  return new RegExp(`(?<!\\p{L})(?:${words.join('|')})|${chinese.join('|')}`, 'iu');
}

/**
 * Ages written in words, as journal case reports write them ("una donna di ventiquattro anni", "La signora Lucia,
 * trentotto anni", "varón de cuarenta y dos años", "âgée de soixante-deux ans"): after "di", "de", "d'" or a comma,
 * so that a duration ("da tre anni", "depuis trois ans") is not taken for an age.
 */
const AGE_WORDS = {
  it: String.raw`(?:(?:vent|trent|quarant|cinquant|sessant|settant|ottant|novant)(?:[ia](?:due|tr[eé]|quattro|cinque|sei|sette|nove)?|uno|otto)|dieci|undici|dodici|tredici|quattordici|quindici|sedici|diciassette|diciotto|diciannove|cento|due|tre|quattro|cinque|sei|sette|otto|nove)\s+(?:anni|mesi)`,
  es: String.raw`(?:veinti(?:uno|ún|un|dós|dos|trés|tres|cuatro|cinco|séis|seis|siete|ocho|nueve)|(?:veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\s+y\s+(?:un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|diez|once|doce|trece|catorce|quince|dieci(?:séis|seis|siete|ocho|nueve)|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)\s+(?:años|meses)`,
  fr: String.raw`(?:(?:vingt|trente|quarante|cinquante|soixante|quatre-vingts?)(?:[- ](?:et[- ])?(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf))?|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf|deux|trois|quatre|cinq|six|sept|huit|neuf)\s+(?:ans|mois)`,
};

/**
 * Who the patient is, the way a case history opens: age and sex. English "A 46-year-old man", "aged 52";
 * Spanish, French, Italian "Varón de 42 años", "âgée de 30 ans", "paziente di 52 anni"; German
 * "45-jährige Patientin"; Dutch "45-jarige man", "vrouw van 60 jaar". Or the report saying it is a case.
 */
const INTRO = new RegExp([
  String.raw`(?<!\p{L})\d{1,3}[- ](?:year|month|week|day)s?[- ]old(?!\p{L})`,
  String.raw`(?<!\p{L})aged \d{1,3}(?!\p{L})`,
  String.raw`(?<!\p{L})\d{1,3}[- ](?:years?|months?|weeks?)[- ](?:old|girl|boy|man|woman|male|female|infant|child|patient)(?!\p{L})`,
  String.raw`(?<!\p{L})(?:di|de) (?:anni|años|ans) \d{1,3}(?!\p{L})`,
  String.raw`(?<!\p{L})\d{1,3}\s*(?:años|ans|anni|jaar|jahre|mes(?:es)?|mois|mesi)(?!\p{L})`,
  String.raw`(?<!\p{L})\d{1,3}-?(?:jährige[nr]?|jarige)(?!\p{L})`,
  String.raw`(?:(?<!\p{L})(?:di|de)\s+|(?<!\p{L})d['’]\s*|,\s*)(?:${AGE_WORDS.it}|${AGE_WORDS.es}|${AGE_WORDS.fr})(?!\p{L})`,
  // An age as an Italian adjective ("una donna sessantenne"), or the sex said as a register does ("paziente di sesso femminile").
  String.raw`(?<!\p{L})(?:vent|trent|quarant|cinquant|sessant|settant|ottant|novant|diciott|diciannov|sedic|quindic|quattordic|tredic|dodic|undic)enne(?!\p{L})`,
  String.raw`(?<!\p{L})(?:paziente|paciente|patiente?) (?:di|de) (?:sesso|sexo|sexe) (?:maschile|femminile|masculino|femenino|masculin|féminin)(?!\p{L})`,
  // Chinese: 患者，男，65岁 / 患者女性，52岁 / 男性患者 / 年龄：58岁; the digits sit against characters, so no word boundary.
  String.raw`(?<!\d)\d{1,3}\s*(?:岁|歲)`,
  String.raw`患者[，,、\s]*(?:男|女)`,
  String.raw`(?:男|女)性?患者`,
  String.raw`年[龄齡][:：]?\s*\d{1,3}`,
  // A Chinese history of present illness opens on when the illness began, counted back from now or from admission
  // ("患者3月前出现…", "缘于入院前2+个月…", "10+天前无明显诱因…", "1年2月前因乏力…"): the story's first sentence.
  String.raw`(?<=^|[。；\n]\s*)(?:患者|缘于|緣於)?\s*(?:于|於)?\s*(?:入院前\s*\d{1,3}\s*[+\-]?\s*(?:余|餘)?\s*(?:年|个月|個月|月|周|週|天|日|小时|小時)|\d{1,3}\s*[+\-]?\s*(?:余|餘)?\s*(?:年|个月|個月|月|周|週|天|日|小时|小時)(?:\d{1,2}\s*(?:个月|個月|月|天))?\s*(?:余|餘)?\s*前)`,
  String.raw`(?<=^|[。；\n]\s*)(?:(?:患者|缘于|緣於)(?:于|於)?\s*(?:入院前|\d{4}\s*(?:年|[-.]\d))|患者(?:因|自[诉訴]))`,
  // Or on the complaint that brought the patient, in quotation marks: "因“下腹胀痛3天”入院", "患者因“咳嗽2月”就诊".
  String.raw`(?<=^|[。；\n]\s*)(?:患者)?(?:于|於)?因[“"「][^”"」\n]{1,40}[”"」]`,
  // Or on the date it began, as the first words of its line: "2011年4月起患者出现…", "2014-4因…就诊".
  String.raw`(?<=^|\n)\s*\d{4}\s*(?:年\s*\d{1,2}\s*月|[-.]\d{1,2}(?:[-.]\d{1,2})?)[^。；\n]{0,12}?(?:患者|因|出[现現]|起|行)`,
  String.raw`(?<!\p{L})(?:we (?:report|present|describe) (?:a|the|an)|case of a|presentamos (?:el|un) caso|se presenta (?:el|un) caso|describimos|nous rapportons|nous présentons|riportiamo|presentiamo|descriviamo|segnaliamo|wir berichten über)(?!\p{L})`,
].join('|'), 'iu');

/** A heading that opens a section of a structured report, in the six languages: a narrative has (nearly) none. */
const SECTION_HEADING = new RegExp(String.raw`^\s*(?:history(?: of present illness)?|past (?:medical|surgical) history|chief complaint|presenting complaint|(?:physical )?examination|findings|impression|assessment(?: and plan)?|plan|diagnos[ie]s|(?:pre|post)-?operative diagnosis|procedures?(?: performed)?|operation|an(?:a)?esthesia|indications?|technique|comparison|medications?|allergies|conclusions?|recommendations?|specimens?|gross description|microscopic(?: description)?|hospital course|social history|family history|review of systems|laboratory(?: data)?|labs|disposition|antecedentes(?: personales)?|enfermedad actual|exploración(?: física)?|juicio clínico|diagnóstico|tratamiento|evolución|pruebas complementarias|motivo de (?:consulta|ingreso)|hallazgos|conclusión|antécédents|histoire de la maladie|examen clinique|diagnostic|traitement|évolution|motif|anamnesi|esame obiettivo|diagnosi|terapia|decorso|conclusioni|anamnese|diagnosen?|befund|beurteilung|therapie|verlauf|procedere|empfehlung|medikation|conclusie|verslag|voorgeschiedenis|beleid|lichamelijk onderzoek|vraagstelling)\s*(?:[:,]|$)`, 'iu');
/**
 * A Chinese heading: a section name opening a line with its colon (主诉：, 现病史：患者于…, 病理诊断：) or alone on
 * its line (诊疗经过), or any short run of characters alone on its line with a colon. Fields (姓名：王丽华) are neither.
 */
const CHINESE_HEADING = new RegExp(String.raw`^\s*(?:(?:主[诉訴]|[现現]病史|既往史|[个個]人史|家族史|婚育史|月[经經]史|[体體]格[检檢]查|查[体體]|[专專]科[检檢]查|[辅輔]助[检檢]查|初步[诊診][断斷]|入院[诊診][断斷]|出院[诊診][断斷]|[临臨]床[诊診][断斷]|[诊診][断斷](?:意[见見]|依据|依據)?|入院情[况況]|出院情[况況]|[诊診][疗療]经[过過]|[诊診][疗療]經過|治[疗療]经[过過]|住院经[过過]|出院医[嘱囑]|出院醫囑|手[术術]经[过過]|手[术術]經過|术中所见|大[体體]所[见見]|肉眼所[见見]|[镜鏡]下所[见見]|病理[诊診][断斷]|免疫[组組]化|送[检檢][标標]本|[标標]本[类類]型|[检檢]查方法|影像所[见見]|影像[诊診][断斷]|[检檢]查所[见見]|一般[项項]目|病史特点|病史特點|病例特点|病例特點|[诊診][疗療]计划|[诊診][疗療]計劃)\s*(?:[:：]|$)|\p{Script=Han}{2,8}\s*[:：]\s*$)`, 'u');
/** A label in capitals opening a line ("PREOPERATIVE DIAGNOSES:", "HOSPITAL COURSE,", "FINDINGS"): how transcribed reports head their parts. */
const CAPITALS_HEADING = /^\s*\p{Lu}[\p{Lu}\p{M} &/()'-]{3,50}(?:[:,]|$)/u;

/** A number with a unit a lab prints beside a value. */
const VALUE_UNIT = String.raw`(?:g\/dl|mg\/dl|g\/l|mg\/l|mmol\/l|µmol\/l|umol\/l|μmol\/l|u\/l|ui\/l|iu\/l|u\/ml|kU\/l|mU\/l|ng\/ml|pg\/ml|µg\/l|mEq\/l|fl|pg|%|\/mm3|\/µl|\/ul|\/nl|x\s?10\^?\d+\/l|10\^?\d+\/l|g\/l)`;
const VALUE_LINE = new RegExp(String.raw`\d(?:[.,]\d+)?\s*${VALUE_UNIT}(?![\p{L}])|\d(?:[.,]\d+)?\s*[-–]\s*\d(?:[.,]\d+)?\s*$`, 'iu');
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/** Lines a wrapped paragraph is made of end without a sentence mark and run on; a field or a table row is short. */
const RUN_ON_LINE = 45;
const PROSE_SENTENCE_WORDS = { min: 8, max: 80 };
/** A Chinese prose sentence, counted in characters (no spaces to count words by); longer ones must be clauses. */
const PROSE_SENTENCE_HAN = { min: 10, max: 120, clause: 40 };
const HAN = /\p{Script=Han}/gu;
/** A form row has a label every dozen characters or so ("姓名：王丽华 性别：女"). */
const FIELD_CHARS = 12;
/** A line's width as printed: a Chinese character is as wide as two Latin letters. */
function widthOf(line: string): number {
  return line.length + (line.match(HAN)?.length ?? 0);
}

export interface NarrativeShape {
  /** Share of the text's letters in sentences of ordinary length made mostly of words. */
  proseShare: number;
  /** Lines holding a lab value: a number with its unit, or a reference range. */
  valueLines: number;
  /** Lines that open a structured report's section (History:, FINDINGS, Exploración física:). */
  sectionHeadings: number;
  /** The patient's introduction (age, sex) or the report saying it presents a case. */
  intro?: string;
  /** The stages of a case history found (presentation, history, examination, tests, diagnosis, treatment, course). */
  stages: string[];
  /** Distinct dates (year and month at least) inside Chinese prose sentences: the steps of a dated history. */
  datedSteps: number;
}

/**
 * A date in a Chinese record's sentence, year and month at least ("2013-12-15行…", "2016-4月", "2017年10月我院行…").
 * A 现病史 passage quoted on its own often opens mid-story ("术前“贫血”，2013-12-15行降结肠根治术，术后病理：…") and tells
 * the patient's course as dated steps; three or more such steps in sentences introduce a case history as an age and
 * sex do. Only prose sentences count: a form's date fields (入院日期：…) and a table's dated rows are not steps.
 */
const DATED_STEP = /(?<!\d)(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月|[-./]\s*\d{1,2}(?!\d))/gu;
/** Dated steps that make a history without an age or sex a case history all the same. */
const DATED_STEPS_INTRODUCE = 3;

/**
 * A letterhead or header-table line: boilerplate (`title.ts`) that is short or set out in columns. A long line
 * opening "HISTORY OF PRESENT ILLNESS: The patient is…" is also `Label: value`, but it is the text's prose.
 */
const PRINTOUT_LINE_WIDTH = 64;
function isPrintoutLine(line: string, repeated: ReadonlySet<string>): boolean {
  return isBoilerplate(line, repeated) && (widthOf(line) <= PRINTOUT_LINE_WIDTH || /\S\s{3,}\S/.test(line));
}

/** Sentences of the text, wrapped lines run on, short lines (fields, rows, headings) kept apart. */
function sentencesOf(text: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const none = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = withoutOcrEdges(raw.trim());
    // A letterhead, a patient-header table or a page footer is the printout's, not the text's: it says nothing of
    // whether the text is prose (an English letterhead above a Chinese record used to outweigh the record).
    if (!line || isPrintoutLine(line, none)) { if (current) blocks.push(current); current = ''; continue; }
    current = current ? `${current} ${line}` : line;
    if (widthOf(line) < RUN_ON_LINE || /[.!?:;。；！？：]$/.test(line)) { blocks.push(current); current = ''; }
  }
  if (current) blocks.push(current);
  // Chinese sentences end with 。；！？ and no space follows.
  return blocks.flatMap((b) => b.split(/(?<=[.!?;])\s+(?=[\p{Lu}\p{N}¿¡(])|(?<=[。；！？])/u)).filter((s) => s.trim());
}

/**
 * A printed line of a Chinese sentence: characters in clauses. A run of characters is one "word" to WORD, so such a
 * line quoting "CEA 12.49 ng/ml" has few words, but it is a history's sentence, not a lab table's row (a row has no
 * clause marks: "血红蛋白    98    g/L    130-175").
 */
const CHINESE_SENTENCE_HAN = 8;
function isChineseSentence(line: string): boolean {
  return /[，。；]/.test(line) && (line.match(HAN)?.length ?? 0) >= CHINESE_SENTENCE_HAN;
}

export function narrativeShape(text: string): NarrativeShape {
  let letters = 0;
  let proseLetters = 0;
  const dated = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const han = sentence.match(HAN)?.length ?? 0;
    if (han >= 4) {
      // Chinese: characters stand for words; digits, units and Latin abbreviations (CT, CA19-9) sit among them.
      const latin = sentence.match(/[A-Za-z]/g)?.length ?? 0;
      // A number (2019-03-12, 4.2, 40%) weighs as a short word, as it does in spaced text, not digit by digit.
      const numbers = sentence.match(/\d[\d.,:/\-–~%]*/g)?.length ?? 0;
      const clauses = sentence.split(/[，,、：:]/).filter((c) => c.trim()).length;
      // A character is a word or half of one: it weighs as two Latin letters (as on the printed line), so an English
      // letterhead above a Chinese record does not outweigh the record.
      const n = 2 * han + latin;
      letters += n;
      // Fields side by side (姓名：王丽华    性别：女) are a form's row, not a sentence.
      // A long sentence may quote results with colons ("血常规：血红蛋白 89g/L，电解质：血钾 4.7"); a form row is
      // little else than its labels.
      const colons = sentence.match(/[:：]/g)?.length ?? 0;
      const fields = (colons > 1 && colons * FIELD_CHARS > han) || /\S\s{2,}\S/.test(sentence);
      const sized = !fields && han >= PROSE_SENTENCE_HAN.min && (han <= PROSE_SENTENCE_HAN.max || han / clauses <= PROSE_SENTENCE_HAN.clause);
      if (sized && n >= 0.7 * (n + 2 * numbers)) {
        proseLetters += n;
        for (const m of sentence.matchAll(DATED_STEP)) dated.add(m[0].replace(/\s+/g, '').replace(/[年./]/g, '-').replace(/月$/, ''));
      }
      continue;
    }
    const tokens = sentence.split(/\s+/).filter(Boolean);
    const words = sentence.match(WORD) ?? [];
    const n = words.join('').length;
    letters += n;
    if (tokens.length >= PROSE_SENTENCE_WORDS.min && tokens.length <= PROSE_SENTENCE_WORDS.max && words.length >= 0.7 * tokens.length) proseLetters += n;
  }
  const lines = text.split('\n').map((l) => withoutOcrEdges(l.trim())).filter(Boolean);
  const valueLines = lines.filter((l) => (l.match(WORD)?.length ?? 0) <= 8 && !isChineseSentence(l) && VALUE_LINE.test(l)).length;
  const sectionHeadings = lines.filter((l) => SECTION_HEADING.test(l) || CAPITALS_HEADING.test(l) || CHINESE_HEADING.test(l)).length;
  const stages = Object.entries(STAGES).filter(([, re]) => re.test(text)).map(([name]) => name);
  // An age after a comma ("La signora Lucia, trentotto anni") is named without the comma.
  const intro = INTRO.exec(text)?.[0].replace(/^[\s,]+/, '').trim();
  return { proseShare: letters > 0 ? proseLetters / letters : 0, valueLines, sectionHeadings, stages, datedSteps: dated.size, ...(intro ? { intro } : {}) };
}

/** Mostly sentences: a story or a letter, not a form, a table or a report in headed parts. */
const PROSE_SHARE = 0.6;
/** At most this many section headings: a case history in a letter may say "Diagnosis:" once or twice. */
const MAX_SECTION_HEADINGS = 2;
/** The stages needed, with an introduction and without one (then the story must be fuller). */
const MIN_STAGES = { introduced: 3, bare: 5 };
/** A lab table has at least this many value lines; fewer, and lab words sit in sentences. */
export const LAB_TABLE_LINES = 3;

export const NARRATIVE_RULE = 'summary.narrative';

/** The composite evidence, as one reason the engine's decision weighs; undefined when the text is not a narrative. */
export function narrativeReason(shape: NarrativeShape): Reason | undefined {
  if (shape.proseShare < PROSE_SHARE || shape.sectionHeadings > MAX_SECTION_HEADINGS) return undefined;
  const introduction = shape.intro ?? (shape.datedSteps >= DATED_STEPS_INTRODUCE ? `${shape.datedSteps} dated steps` : undefined);
  const needed = introduction ? MIN_STAGES.introduced : MIN_STAGES.bare;
  if (shape.stages.length < needed) return undefined;
  // Each stage beyond the minimum makes the story plainer; an introduction weighs as two.
  const weight = 8 + 2 * (shape.stages.length - MIN_STAGES.introduced) + (introduction ? 2 : 0);
  return { rule: NARRATIVE_RULE, category: 'clinical-summary', weight, matched: [...(introduction ? [introduction] : []), ...shape.stages] };
}

/** Lab rules that name analytes and units: in prose they are mentions, in value lines results. */
const LAB_MENTION_RULES = new Set(['lab.analytes', 'lab.analytes.i18n', 'lab.units', 'lab.sample', 'lab.ranges.i18n']);
/** What a lab mention in a narrative still weighs: some, a case may be all about its blood results. */
const LAB_IN_PROSE = 0.25;

/**
 * Lab mentions damped when the document is prose with no lab table: "hemoglobina 9 g/dl, leucocitos
 * 12.000" in a case history says what was found, not that this is a lab report.
 */
export function dampLabMentions(reasons: readonly Reason[], shape: NarrativeShape): Reason[] {
  if (shape.proseShare < PROSE_SHARE || shape.valueLines >= LAB_TABLE_LINES) return [...reasons];
  return reasons.map((r) => (LAB_MENTION_RULES.has(r.rule) ? { ...r, weight: Math.round(r.weight * LAB_IN_PROSE * 100) / 100 } : r));
}
