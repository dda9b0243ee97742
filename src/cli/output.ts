import type { Ora } from 'ora';
import type { Finding } from '../model/finding.js';
import { renderFindings } from '../report/findings-text.js';
import type { TextStyle } from '../report/style.js';
import { jsonWithEscapedControls, safeRendering } from '../util/terminal-text.js';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** The colouring a command writes with: the renderers' TextStyle, and its level (0: none) as chalk has it. */
export interface OutputStyle extends TextStyle {
  readonly level: number;
}

/** One SGR style as chalk applies it at level 1: reopened after a nested close, closed around line breaks. */
function sgr(open: number, close: number): (text: string) => string {
  const openCode = `\u001B[${open}m`;
  const closeCode = `\u001B[${close}m`;
  return (text) => {
    if (!text) return text;
    let styled = text.includes('\u001B') ? text.split(closeCode).join(closeCode + openCode) : text;
    styled = styled.replace(/\r?\n/g, (lineBreak) => closeCode + lineBreak + openCode);
    return openCode + styled + closeCode;
  };
}

/**
 * The 16-colour codes chalk writes at level 1, without loading chalk: its colour detection
 * (node:process, node:tty, node:os) cost more start-up than a scan of an empty folder, and the
 * level is decided here anyway. test/cli/output-style.test.ts holds them equal to chalk's.
 */
const ANSI_STYLE: OutputStyle = { level: 1, bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), blue: sgr(34, 39) };
const same = (text: string): string => text;
const NO_STYLE: OutputStyle = { level: 0, bold: same, dim: same, red: same, green: same, yellow: same, blue: same };

type ColorLevel = 0 | 1 | 2 | 3;

/** `--color` (true) or `--no-color` (false) as given on this run's command line; set by main.ts before each command runs. */
let colorChoice: boolean | undefined;

export function setColorChoice(choice: boolean | undefined): void {
  colorChoice = choice;
}

/** FORCE_COLOR as Node and chalk read it: 0/false is off, 1/true or empty basic colours, 2 and 3 more. */
function forcedLevel(value: string | undefined): ColorLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number(value);
  return Number.isInteger(level) && level >= 0 ? (Math.min(level, 3) as ColorLevel) : 1;
}

/**
 * Whether to colour what goes to `stream`, strongest first: `--no-color`/`--color`,
 * FORCE_COLOR, NO_COLOR (any non-empty value, no-color.org), then a terminal
 * that is not TERM=dumb. Colour is only ever basic 16 colours unless forced higher.
 */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, choice: boolean | undefined = colorChoice): ColorLevel {
  const forced = forcedLevel(env['FORCE_COLOR']);
  if (choice === false) return 0;
  if (choice === true) return forced && forced > 1 ? forced : 1;
  if (forced !== undefined) return forced;
  if (env['NO_COLOR']) return 0;
  return stream.isTTY && env['TERM'] !== 'dumb' ? 1 : 0;
}

/**
 * Colours as colorLevel decides (`options.color` overrides it); spinners only on a TTY and never with --json.
 * Everything written passes `safeRendering` (B14): names from a case can hold ESC
 * sequences or bidi overrides, and no renderer can be trusted to have escaped every
 * one, so the one place that writes is the one place that makes them visible.
 */
export class Output {
  /** The colouring handed to report renderers; no-op when colour is off. */
  readonly c: OutputStyle;
  readonly interactive: boolean;

  constructor(readonly options: OutputOptions = {}, readonly stream: NodeJS.WriteStream = process.stdout, readonly errStream: NodeJS.WriteStream = process.stderr) {
    // Only the 16 basic colours are written (ANSI_STYLE), so any level above 0 colours alike.
    this.c = (options.color === undefined ? colorLevel(stream) : options.color ? 1 : 0) > 0 ? ANSI_STYLE : NO_STYLE;
    this.interactive = Boolean(errStream.isTTY) && !options.json && !options.quiet && !process.env['CI'];
  }

  /** Text as it may reach the terminal: our own colour codes kept (when colouring), every other control shown escaped. */
  private safe(text: string): string {
    return safeRendering(text, this.c.level > 0);
  }

  line(text = ''): void {
    if (this.options.quiet && !this.options.json) return;
    this.stream.write(this.safe(text) + '\n');
  }

  /** Writes a rendering as it is (its lines end with newlines); silent under --quiet like line(). */
  text(rendered: string): void {
    if (this.options.quiet && !this.options.json) return;
    this.stream.write(this.safe(rendered));
  }

  json(value: unknown): void {
    this.stream.write(jsonWithEscapedControls(JSON.stringify(value, null, 2)) + '\n');
  }

  /**
   * A JSON document written as its pieces come (`report/scan-json.ts`): waits for the stream to drain
   * when it is full, so a slow pipe holds the producer back instead of a growing buffer.
   */
  async jsonChunks(chunks: Iterable<string>): Promise<void> {
    const stream = this.stream;
    for (const chunk of chunks) {
      if (!stream.write(jsonWithEscapedControls(chunk))) {
        await new Promise<void>((resolve) => {
          // A closed pipe (`| head`) never drains: end the wait on its error as well (main.ts handles EPIPE).
          const done = (): void => { stream.off('drain', done); stream.off('error', done); resolve(); };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
    }
  }

  jsonLine(value: unknown): void {
    this.stream.write(jsonWithEscapedControls(JSON.stringify(value)) + '\n');
  }

  error(text: string): void {
    this.errStream.write(this.safe(this.c.red('casepack: ') + text) + '\n');
  }

  /** ora (and its terminal libraries) load only here, on an interactive terminal; the spinner shows once loaded. */
  spinner(text: string): Spinner {
    if (!this.interactive) return new Spinner(undefined);
    const errStream = this.errStream;
    return new Spinner(import('ora').then(({ default: ora }) => ora({ text: safeRendering(text), stream: errStream })));
  }

  printFindings(findings: Finding[], options: { maxPathsPerFinding?: number } = {}): void {
    this.text(renderFindings(findings, { ...options, style: this.c }));
  }
}

export class Spinner {
  private inner: Ora | undefined;
  private latestText: string | undefined;
  private stopped = false;

  constructor(loading: Promise<Ora> | undefined) {
    // A spinner that cannot load is no reason to fail the command: the work goes on without it.
    loading?.then((inner) => {
      if (this.stopped) return;
      if (this.latestText !== undefined) inner.text = this.latestText;
      this.inner = inner.start();
    }, () => undefined);
  }

  text(text: string): void {
    this.latestText = safeRendering(text);
    if (this.inner) this.inner.text = this.latestText;
  }

  stop(): void {
    this.stopped = true;
    this.inner?.stop();
  }
}
