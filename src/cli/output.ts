import { Chalk, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import type { Finding } from '../model/finding.js';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Colours only on a TTY and never under NO_COLOR; spinners only on a TTY and never with --json. */
export class Output {
  readonly c: ChalkInstance;
  readonly interactive: boolean;

  constructor(readonly options: OutputOptions = {}, readonly stream: NodeJS.WriteStream = process.stdout, readonly errStream: NodeJS.WriteStream = process.stderr) {
    const colorAllowed = options.color ?? (Boolean(stream.isTTY) && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb');
    this.c = new Chalk({ level: colorAllowed ? 1 : 0 });
    this.interactive = Boolean(errStream.isTTY) && !options.json && !options.quiet && !process.env['CI'];
  }

  line(text = ''): void {
    if (this.options.quiet && !this.options.json) return;
    this.stream.write(text + '\n');
  }

  json(value: unknown): void {
    this.stream.write(JSON.stringify(value, null, 2) + '\n');
  }

  jsonLine(value: unknown): void {
    this.stream.write(JSON.stringify(value) + '\n');
  }

  error(text: string): void {
    this.errStream.write(this.c.red('casepack: ') + text + '\n');
  }

  spinner(text: string): Spinner {
    if (!this.interactive) return new Spinner(undefined);
    return new Spinner(ora({ text, stream: this.errStream }).start());
  }

  severityLabel(severity: Finding['severity']): string {
    if (severity === 'error') return this.c.red('error  ');
    if (severity === 'warning') return this.c.yellow('warning');
    return this.c.blue('info   ');
  }

  printFindings(findings: Finding[], options: { maxPathsPerFinding?: number } = {}): void {
    const maxPaths = options.maxPathsPerFinding ?? 5;
    for (const f of findings) {
      this.line(`  ${this.severityLabel(f.severity)} ${this.c.bold(f.code)}  ${f.message}`);
      const shown = f.paths.slice(0, maxPaths);
      for (const p of shown) this.line(`           ${this.c.dim(p)}`);
      if (f.paths.length > shown.length) this.line(`           ${this.c.dim(`… and ${f.paths.length - shown.length} more`)}`);
      this.line(`           ${this.c.green('→')} ${f.hint}`);
    }
  }
}

export class Spinner {
  constructor(private readonly inner: Ora | undefined) {}
  text(text: string): void { if (this.inner) this.inner.text = text; }
  stop(): void { this.inner?.stop(); }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
