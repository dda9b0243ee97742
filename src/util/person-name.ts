/**
 * DICOM Person Name (PN, PS3.5 §6.2): up to three component groups separated
 * by `=` (alphabetic, ideographic, phonetic), each with up to five components
 * separated by `^`: family, given, middle, prefix, suffix. `Demo^Patient` is
 * Patient Demo; `Yamada^Tarou=山田^太郎=やまだ^たろう` is one person in three forms.
 */

/** The three component groups, missing ones as ''. */
export function personNameGroups(raw: string): [string, string, string] {
  const [alphabetic = '', ideographic = '', phonetic = ''] = raw.split('=');
  return [alphabetic.trim(), ideographic.trim(), phonetic.trim()];
}

/** Scripts that write the family name first: their names are shown in the order written. */
const FAMILY_FIRST = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** One component group as people read it: prefix, given, middle, family, suffix (family first in CJK scripts). */
function displayGroup(group: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((part) => part.trim());
  const order = FAMILY_FIRST.test(group) ? [prefix, family, given, middle, suffix] : [prefix, given, middle, family, suffix];
  return order.filter((part) => part !== '').join(' ');
}

/**
 * A name for people to read. A DICOM PN (it has `^` or `=`) shows its
 * alphabetic group in reading order (`Demo^Patient` → `Patient Demo`), or its
 * ideographic or phonetic group when that is all there is. Anything else (a
 * name from casepack.yaml or a document) is already written for people and is
 * returned as it is. Letter case is kept: `DOE` may be how the hospital writes it.
 */
export function displayPersonName(raw: string): string {
  if (!raw.includes('^') && !raw.includes('=')) return raw.trim();
  const shown = personNameGroups(raw).map(displayGroup).find((group) => group !== '');
  return shown ?? raw.trim();
}
