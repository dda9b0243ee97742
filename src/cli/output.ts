import { Chalk, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import type { Finding } from '../model/finding.js';
import { renderFindings } from '../report/findings-text.js';
import { jsonWithEscapedControls, safeRendering } from '../util/terminal-text.js';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

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
  /** The colouring handed to report renderers (a chalk instance is a TextStyle); no-op when colour is off. */
  readonly c: ChalkInstance;
  readonly interactive: boolean;

  constructor(readonly options: OutputOptions = {}, readonly stream: NodeJS.WriteStream = process.stdout, readonly errStream: NodeJS.WriteStream = process.stderr) {
    this.c = new Chalk({ level: options.color === undefined ? colorLevel(stream) : options.color ? 1 : 0 });
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

  jsonLine(value: unknown): void {
    this.stream.write(jsonWithEscapedControls(JSON.stringify(value)) + '\n');
  }

  error(text: string): void {
    this.errStream.write(this.safe(this.c.red('casepack: ') + text) + '\n');
  }

  spinner(text: string): Spinner {
    if (!this.interactive) return new Spinner(undefined);
    return new Spinner(ora({ text: safeRendering(text), stream: this.errStream }).start());
  }

  printFindings(findings: Finding[], options: { maxPathsPerFinding?: number } = {}): void {
    this.text(renderFindings(findings, { ...options, style: this.c }));
  }
}

export class Spinner {
  constructor(private readonly inner: Ora | undefined) {}
  text(text: string): void { if (this.inner) this.inner.text = safeRendering(text); }
  stop(): void { this.inner?.stop(); }
}
