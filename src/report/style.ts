/**
 * How a text report marks emphasis. Renderers only call these; the CLI decides
 * whether they colour (a terminal, no NO_COLOR) and passes a chalk instance,
 * which has this shape, or PLAIN_STYLE. So a renderer never looks at the
 * environment and its output is the same string for the same input.
 */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
}

const same = (text: string): string => text;

export const PLAIN_STYLE: TextStyle = { bold: same, dim: same, red: same, green: same, yellow: same, blue: same };

export interface TextRenderOptions {
  /** Default: PLAIN_STYLE. */
  style?: TextStyle;
}

/** Lines as printed: each ends with a newline, so renderings concatenate. */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
