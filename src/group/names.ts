import { personNameGroups } from '../util/person-name.js';

/**
 * Person names as DICOM and documents write them: `DOE^JOHN`, `DOE^JOHN^^^`,
 * `John Doe`, `Doe, John`. Normalised to upper-case words without accents,
 * sorted, so the same person compares equal whatever the convention.
 *
 * A DICOM PN may carry ideographic and phonetic forms after the alphabetic one
 * (`Yamada^Tarou=山田^太郎=やまだ^たろう`). Each component group is normalised
 * alone and the groups are kept, `=`-separated, with trailing empty ones
 * dropped: a name with only an alphabetic group normalises as it always did.
 */
export function normalizeName(raw: string): string {
  const groups = personNameGroups(raw).map((group) => nameWords(group).sort().join(' '));
  while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

/** Katakana to hiragana (U+30A1–U+30F6 → U+3041–U+3096): a phonetic group is written in either. */
function foldKana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

export function nameWords(raw: string): string[] {
  // Only the alphabetic component group: DICOM PN may carry `=ideographic=phonetic` after it.
  const alphabetic = raw.split('=')[0] ?? '';
  // NFKC first: half-width katakana (ISO_IR 13) and full-width Latin become the ordinary forms.
  return foldKana(alphabetic.normalize('NFKC'))
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toUpperCase()
    .split(/[\^\s,.]+/u)
    .filter((word) => word !== '');
}

/**
 * Same person by name: equal words, or one name's words all within the
 * other's (a middle name or initial present on one document only). A single
 * word never matches a longer name on its own: "JOHN" is not evidence.
 */
function wordsCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  const [small, large] = wordsA.length <= wordsB.length ? [wordsA, new Set(wordsB)] : [wordsB, new Set(wordsA)];
  return small.length >= 2 && small.every((word) => large.has(word));
}

/** The East Asian scripts a PN's ideographic and phonetic groups are written in. */
const EAST_ASIAN: [string, RegExp][] = [
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
];

/**
 * The kinds of writing in a form: Han, kana, Hangul, or 'alphabetic' for
 * everything else (Latin, Cyrillic, digits…), so two alphabetic forms always
 * compare, as names always did here; only the East Asian forms can be
 * incomparable with a romanised one.
 */
function scriptsOf(form: string): string[] {
  const found = EAST_ASIAN.filter(([, pattern]) => pattern.test(form)).map(([script]) => script);
  return found.length > 0 ? found : ['alphabetic'];
}

/**
 * Two normalised names (normalizeName) are the same person when any form of
 * one matches any form of the other: `Yamada^Tarou=山田^太郎` and
 * `ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎` share the ideographic form, and a half-width katakana
 * alphabetic group matches a hiragana phonetic one. Forms are compared by
 * script, not by group position: when no form of one is in a script a form of
 * the other uses (`YAMADA^TAROU` against `ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎`), nothing can
 * be compared, and that is no evidence of two people.
 */
export function namesCompatible(a: string, b: string): boolean {
  return namesMatch(a, b) || !namesComparable(a, b);
}

/** Some form of one name equals (or contains) some form of the other. */
export function namesMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const formsA = a.split('=').filter((form) => form !== '');
  const formsB = b.split('=').filter((form) => form !== '');
  return formsA.some((x) => formsB.some((y) => wordsCompatible(x, y)));
}

/**
 * Do the two names share a script, so that comparing them means something?
 * `YAMADA^TAROU` against `山田^太郎` alone does not: without a transliteration
 * they neither match nor disagree.
 */
export function namesComparable(a: string, b: string): boolean {
  const scriptsB = new Set(b.split('=').filter((form) => form !== '').flatMap(scriptsOf));
  return a.split('=').filter((form) => form !== '').flatMap(scriptsOf).some((script) => scriptsB.has(script));
}

/**
 * Names that name nobody: what anonymisers, demo data and empty forms put in
 * the name field. Compared normalised (words sorted), so `Test^Patient` is one too. `Demo^Patient` is not:
 * it is the bundled demo case's (fictional) patient, shown by name in its packet.
 */
const PLACEHOLDER_NAMES = new Set([
  'ANONYMIZED', 'ANONYMISED', 'ANONYMOUS', 'ANON', 'TEST', 'PATIENT TEST', 'TEST TEST',
  'UNKNOWN', 'NONE', 'NAME NO', 'NA', 'N/A', 'PATIENT', 'NULL', 'XXX', 'ANONYMOUS PATIENT', 'ANONYMIZED PATIENT',
]);

/** The normalised name to match on, or undefined for a placeholder or a name of punctuation only (`^`). */
export function matchableName(raw: string): string | undefined {
  const normalized = normalizeName(raw);
  const forms = normalized.split('=').filter((form) => form !== '' && !PLACEHOLDER_NAMES.has(form));
  return forms.length > 0 ? normalized : undefined;
}
