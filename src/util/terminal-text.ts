/**
 * Text taken from a case (file names, archive entry names, DICOM tags, PDF
 * titles, casepack.yaml values) is hostile until shown otherwise: an ESC
 * sequence in a file name can clear the user's screen or retitle the window,
 * and a right-to-left override makes `report\u202Efdp.exe` look like
 * `reportexe.pdf`. Every human output (terminal, Markdown, HTML, JUnit, the
 * index) shows such characters as a visible escape instead, so the name stays
 * recognisable and cannot act on the terminal or mislead the reader. JSON keeps
 * the exact string (JSON escapes it itself).
 */

/** Bidirectional controls: embeddings, overrides, isolates, marks. */
const BIDI = '\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c';
/** C0 controls, DEL and C1 controls, and the bidi controls: anything that acts instead of showing. */
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`, 'gu');
/** The same, but newlines and tabs of a rendering are layout, not data. */
const UNSAFE_IN_RENDERING = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]`, 'gu');
const BIDI_ONLY = new RegExp(`[${BIDI}]`, 'u');

function visibleEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (BIDI_ONLY.test(char)) return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/**
 * One name or value from a case, made safe to show: every control and bidi
 * character becomes a visible escape (`\x1b`, `<U+202E>`). Newlines too: a
 * name holding one must not fake a line of the report.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, visibleEscape);
}

/** True when `text` holds a character `safeText` would escape. */
export function hasUnsafeText(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * The last guard before a terminal: a whole rendering keeps its newlines and
 * tabs, and (only when `keepColour`) the exact colour codes our own styling
 * emits; every other control or bidi character becomes a visible escape.
 */
export function safeRendering(text: string, keepColour = false): string {
  if (!keepColour) return text.replace(UNSAFE_IN_RENDERING, visibleEscape);
  return text.split(OWN_COLOUR_CODE).map((part, i) => (i % 2 === 1 ? part : part.replace(UNSAFE_IN_RENDERING, visibleEscape))).join('');
}

/**
 * SGR codes of the styles renderers use (chalk level 1: bold, dim, their reset,
 * red, green, yellow, blue, colour reset). The capture group keeps them in the
 * split. A name could hold one of these too; it can only recolour text.
 */
const OWN_COLOUR_CODE = /(\u001b\[(?:1|2|22|31|32|33|34|39)m)/u;

/** JSON text with the bidi and C1 controls JSON.stringify leaves raw written as `\uXXXX`: the same string once parsed. */
export function jsonWithEscapedControls(json: string): string {
  return json.replace(new RegExp(`[\\u007f-\\u009f${BIDI}]`, 'gu'), (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
