/**
 * Lines as OCR gives them, made back into the lines that were printed, so that a heading read from a scan is
 * a heading as it is in the printout. Two things OCR does to a printed page, seen on the corpus's scanned
 * discharge summaries (`npm run eval:ocr-real -- --part train`), lose a heading while the words are right:
 *
 * - marks at a line's edges: a table rule or the page's edge read as "|", specks as "_" or "~", a full stop or
 *   a comma standing apart after a gap ("PLAN              |", "_Date of service: ...", ". HOSPITAL COURSE",
 *   "DISCHARGE DIAGNOSES     ,");
 * - a word of a bold heading cut in two ("DIS CHARGE DIAG NOSES", "HOS PITAL COURSE", "ME DICATIONS"):
 *   the pieces of a short line are joined where together they make a word the rules know and apart they do not.
 */

/** Marks OCR reads at a line's edges: a table rule or the page's edge as "|", specks as "_", "~", "`", "•". */
const OCR_MARK = new Set('|¦_~`•·*=');
/** Quotes, stops and dashes: stripped with the marks beside them, or when they stand apart from the words by a space. */
const OCR_SOFT = new Set('\'‘’"“”.,;-–—');
const SPACE = new Set(' \t');
const WORD_END = /[\p{L}\p{N}:)]/u;

const isEdge = (c: string | undefined): boolean => c !== undefined && (OCR_MARK.has(c) || OCR_SOFT.has(c) || SPACE.has(c));
/** A dash or a bullet opening a line is the text's own list ("- Sigmakarzinom", "• Pantoprazol"), not a speck. */
const LIST_MARK = new Set('-–—•·*');
const isStartEdge = (c: string | undefined): boolean => isEdge(c) && !LIST_MARK.has(c ?? '');

/**
 * A line without the marks OCR adds at its edges. A stop or a quote right after a word is the text's and stays
 * ("Pneumonia, resolved."); one standing apart after a space, or beside a mark, goes. A loop, not a regular
 * expression: it runs on every line, and a text layer may be one very long line.
 */
export function withoutOcrEdges(line: string): string {
  const [start, end] = ocrEdgeBounds(line);
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/** Where withoutOcrEdges cuts `line`: the start and end of what it keeps. */
function ocrEdgeBounds(line: string): [number, number] {
  let start = 0;
  while (start < line.length && isStartEdge(line[start])) start++;
  // A decimal or a list's dash before a number is the text's (".5 mg", "- 2 cycles").
  if (start > 0 && /\d/.test(line[start] ?? '')) start = line.length - line.trimStart().length;
  let end = line.length;
  let marked = false;
  while (end > start && isEdge(line[end - 1])) { marked ||= OCR_MARK.has(line[end - 1] ?? ''); end--; }
  const tail = line.slice(end);
  // Stripped: a tail with a mark, or one that stands apart from the last word ("PLAN  .", "DIAGNOSIS -").
  const strip = (marked || SPACE.has(tail[0] ?? '')) && WORD_END.test(line[end - 1] ?? '');
  if (!strip) end = line.trimEnd().length;
  return [start, end];
}

/**
 * joinCutWords on what lies between the line's OCR edge marks, the marks kept where they were: a cut heading
 * with a table rule far to its right ("DIS CHARGE DIAG NOSES          |") is too long a line to be joined whole,
 * yet the heading itself is short. The line keeps its length and places but for the joined pieces' spaces.
 */
export function joinCutWordsWithinEdges(line: string, vocabulary: ReadonlySet<string>): string {
  const whole = joinCutWords(line, vocabulary);
  if (whole !== line) return whole;
  const [start, end] = ocrEdgeBounds(line);
  if (start === 0 && end === line.length) return line;
  const inner = line.slice(start, end);
  const joined = joinCutWords(inner, vocabulary);
  return joined === inner ? line : line.slice(0, start) + joined + line.slice(end);
}

/** A line short enough to be a heading or a title, and no sentence. */
const HEADING_LINE_MAX = 60;
const SENTENCE_END = /[.;!?]$/;
/** Up to this many pieces of one word ("DIS CHAR GE"). */
const MAX_PIECES = 3;

/**
 * A line with the pieces of a cut word joined: only in a short line that is no sentence, only where the pieces
 * together are a word of `vocabulary` (or its plural) and not every piece is a word of it on its own.
 */
export function joinCutWords(line: string, vocabulary: ReadonlySet<string>): string {
  const trimmed = line.trim();
  if (trimmed.length > HEADING_LINE_MAX || SENTENCE_END.test(trimmed) || !/\p{L}\s+\p{L}/u.test(trimmed)) return line;
  const tokens = line.split(/(\s+)/);
  const known = (w: string): boolean => vocabulary.has(w) || (w.endsWith('s') && vocabulary.has(w.slice(0, -1)));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (!/^\p{L}+$/u.test(token)) { out.push(token); continue; }
    let joined: string | undefined;
    let last = i;
    // Words alternate with the spaces between them: pieces sit at i, i + 2, i + 4.
    for (let n = MAX_PIECES; n >= 2 && joined === undefined; n--) {
      const pieces = Array.from({ length: n }, (_, k) => tokens[i + 2 * k] ?? '');
      if (!pieces.every((p) => /^\p{L}+$/u.test(p))) continue;
      const word = pieces.join('');
      if (known(word.toLowerCase()) && !pieces.every((p) => known(p.toLowerCase()))) { joined = word; last = i + 2 * (n - 1); }
    }
    out.push(joined ?? token);
    i = last;
  }
  return out.join('');
}

/** The words of a set of phrases that are long enough to be cut by OCR (4 letters or more), for `joinCutWords`. */
export function vocabularyOf(phrases: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const phrase of phrases) for (const w of phrase.toLowerCase().split(/[^\p{L}]+/u)) if (w.length >= 4) out.add(w);
  return out;
}

/**
 * A text's lines as they were printed, for the trained model: it learnt from clean text, where a heading is a
 * short line in capitals or ending in a colon, and a heading OCR left with a table rule far to its right
 * ("PLAN                                         |"), a speck before it ("_Date of service:") or its words cut
 * ("DIS CHARGE DIAG NOSES") is none. The marks go first, so that a cut heading with a rule beside it is short
 * enough to be joined. On clean text only the lines' outer spaces change, and the features never read those.
 */
export function asPrintedLines(text: string, vocabulary: ReadonlySet<string>): string {
  return text.split('\n').map((line) => joinCutWords(withoutOcrEdges(line.trim()), vocabulary)).join('\n');
}
