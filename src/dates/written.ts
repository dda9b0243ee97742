/**
 * Dates as people write them outside English: native digits, month names of
 * other languages, and the year-month-day characters of Chinese, Japanese and
 * Korean. English month names stay with chrono-node (classify/dates/tokens.ts).
 *
 * Lowest layer: imports only the calendar.
 */
import { TEXT_YEARS, isoDate } from './calendar.js';

/** Zero of each decimal digit block a report may be written in: Arabic-Indic, Persian/Urdu, Devanagari, full-width. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0xff10] as const;
const NATIVE_DIGIT = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19\u066b\u066c]/g;

/**
 * Native digits → ASCII, one UTF-16 unit for one, so offsets into the text
 * hold: `١٥/٠٩/٢٠٢٥` → `15/09/2025`, `२८` → `28`. The Arabic decimal and
 * thousands separators become `.` and `,`.
 */
export function foldDigits(text: string): string {
  return text.replace(NATIVE_DIGIT, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x066b) return '.';
    if (code === 0x066c) return ',';
    for (const zero of DIGIT_ZEROS) if (code >= zero && code <= zero + 9) return String(code - zero);
    return ch;
  });
}

/**
 * Month names by number, per language, in the forms reports print (full,
 * genitive, common abbreviations). Arabic lists both the Egyptian/Gulf names
 * and the Levantine/Iraqi ones (كانون الثاني = January).
 */
const MONTHS: Record<string, readonly (readonly string[])[]> = {
  es: [['enero', 'ene'], ['febrero', 'feb'], ['marzo', 'mar'], ['abril', 'abr'], ['mayo', 'may'], ['junio', 'jun'], ['julio', 'jul'], ['agosto', 'ago'], ['septiembre', 'setiembre', 'sept', 'sep'], ['octubre', 'oct'], ['noviembre', 'nov'], ['diciembre', 'dic']],
  pt: [['janeiro'], ['fevereiro'], ['março', 'marco'], ['abril'], ['maio'], ['junho'], ['julho'], ['agosto'], ['setembro'], ['outubro'], ['novembro'], ['dezembro']],
  fr: [['janvier', 'janv'], ['février', 'fevrier', 'févr', 'fevr'], ['mars'], ['avril', 'avr'], ['mai'], ['juin'], ['juillet', 'juil'], ['août', 'aout'], ['septembre', 'sept'], ['octobre', 'oct'], ['novembre', 'nov'], ['décembre', 'decembre', 'déc', 'dec']],
  it: [['gennaio'], ['febbraio'], ['marzo'], ['aprile'], ['maggio'], ['giugno'], ['luglio'], ['agosto'], ['settembre'], ['ottobre'], ['novembre'], ['dicembre']],
  de: [['januar', 'jänner', 'jan'], ['februar', 'feber', 'feb'], ['märz', 'maerz', 'mär'], ['april', 'apr'], ['mai'], ['juni'], ['juli'], ['august', 'aug'], ['september', 'sept', 'sep'], ['oktober', 'okt'], ['november', 'nov'], ['dezember', 'dez']],
  nl: [['januari'], ['februari'], ['maart'], ['april'], ['mei'], ['juni'], ['juli'], ['augustus'], ['september'], ['oktober'], ['november'], ['december']],
  tr: [['ocak'], ['şubat', 'subat'], ['mart'], ['nisan'], ['mayıs', 'mayis'], ['haziran'], ['temmuz'], ['ağustos', 'agustos'], ['eylül', 'eylul'], ['ekim'], ['kasım', 'kasim'], ['aralık', 'aralik']],
  ru: [['января', 'январь'], ['февраля', 'февраль'], ['марта', 'март'], ['апреля', 'апрель'], ['мая', 'май'], ['июня', 'июнь'], ['июля', 'июль'], ['августа', 'август'], ['сентября', 'сентябрь'], ['октября', 'октябрь'], ['ноября', 'ноябрь'], ['декабря', 'декабрь']],
  ar: [['يناير', 'كانون الثاني'], ['فبراير', 'شباط'], ['مارس', 'آذار'], ['أبريل', 'ابريل', 'إبريل', 'نيسان'], ['مايو', 'أيار'], ['يونيو', 'يونيه', 'حزيران'], ['يوليو', 'يوليه', 'تموز'], ['أغسطس', 'اغسطس', 'آب'], ['سبتمبر', 'أيلول'], ['أكتوبر', 'اكتوبر', 'تشرين الأول'], ['نوفمبر', 'تشرين الثاني'], ['ديسمبر', 'كانون الأول']],
  hi: [['जनवरी'], ['फ़रवरी', 'फरवरी'], ['मार्च'], ['अप्रैल', 'अप्रेल'], ['मई'], ['जून'], ['जुलाई'], ['अगस्त'], ['सितंबर', 'सितम्बर'], ['अक्टूबर', 'अक्तूबर'], ['नवंबर', 'नवम्बर'], ['दिसंबर', 'दिसम्बर']],
};

/** Lower-cased month name → month number, all languages together (no name means two months). */
const MONTH_NUMBER = new Map<string, number>();
for (const months of Object.values(MONTHS)) {
  months.forEach((names, i) => { for (const name of names) MONTH_NUMBER.set(name, i + 1); });
}

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MONTH_ALTERNATION = [...MONTH_NUMBER.keys()].sort((a, b) => b.length - a.length).map((n) => escape(n).replace(/ /g, '\\s+')).join('|');
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{M}])';

/**
 * `15 de septiembre de 2025`, `15 septembre 2025`, `1er octobre 2025`,
 * `15. September 2025`, `15-Sept-2025`, `٢ أكتوبر ٢٠٢٥` (after foldDigits),
 * `15 сентября 2025 г.`: day, month name, year.
 */
const DAY_MONTH_YEAR = new RegExp(
  `${NOT_WORD_BEFORE}(\\d{1,2})(?:er|º|°)?\\.?[ \\t\\-]*(?:de[ \\t]+)?(${MONTH_ALTERNATION})\\.?${NOT_WORD_AFTER}[ \\t\\-,]*(?:de[ \\t]+|del[ \\t]+)?(\\d{4})(?!\\d)`,
  'giu',
);
/** `2025年9月15日` (Chinese, Japanese), `2025년 9월 15일` (Korean). */
const CJK_YEAR_MONTH_DAY = /(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]/gu;

export interface WrittenDate {
  index: number;
  end: number;
  raw: string;
  iso: string;
}

/** Every such date in the text (digits already folded or not: both are read), in reading order. */
export function findWrittenDates(text: string): WrittenDate[] {
  const folded = foldDigits(text);
  const found: WrittenDate[] = [];
  for (const m of folded.matchAll(DAY_MONTH_YEAR)) {
    const month = MONTH_NUMBER.get((m[2] as string).toLowerCase().replace(/\s+/g, ' '));
    const iso = month ? isoDate(Number(m[3]), month, Number(m[1]), TEXT_YEARS) : undefined;
    if (iso) found.push({ index: m.index, end: m.index + m[0].length, raw: text.slice(m.index, m.index + m[0].length), iso });
  }
  for (const m of folded.matchAll(CJK_YEAR_MONTH_DAY)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]), TEXT_YEARS);
    if (iso) found.push({ index: m.index, end: m.index + m[0].length, raw: text.slice(m.index, m.index + m[0].length), iso });
  }
  return found.sort((a, b) => a.index - b.index);
}
