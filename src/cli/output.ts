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

/**
 * Colours only on a TTY and never under NO_COLOR; spinners only on a TTY and never with --json.
 * Everything written passes `safeRendering` (B14): names from a case can hold ESC
 * sequences or bidi overrides, and no renderer can be trusted to have escaped every
 * one, so the one place that writes is the one place that makes them visible.
 */
export class Output {
  /** The colouring handed to report renderers (a chalk instance is a TextStyle); no-op when colour is off. */
  readonly c: ChalkInstance;
  readonly interactive: boolean;

  constructor(readonly options: OutputOptions = {}, readonly stream: NodeJS.WriteStream = process.stdout, readonly errStream: NodeJS.WriteStream = process.stderr) {
    const colorAllowed = options.color ?? (Boolean(stream.isTTY) && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb');
    this.c = new Chalk({ level: colorAllowed ? 1 : 0 });
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
