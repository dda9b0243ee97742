import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDARD_TESSDATA_DIRS } from '../../src/extract/ocr/models.js';

/**
 * Docker is not on the machines the tests run on, so the Dockerfile is read
 * the way the builder reads it (instructions, line continuations, stages) and
 * held to the rules the image must keep; a build in CI would still be the
 * final word.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

interface Instruction { line: number; keyword: string; args: string }

/** Dockerfile → instructions: comments and blank lines dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { line: number; text: string } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending && trimmed.startsWith('#')) return;
    const body = trimmed.endsWith('\\') ? trimmed.slice(0, -1) : trimmed;
    pending = pending ? { line: pending.line, text: `${pending.text} ${body}` } : { line: index + 1, text: body };
    if (!trimmed.endsWith('\\')) {
      const match = /^(\S+)\s*(.*)$/.exec(pending.text) as RegExpExecArray;
      out.push({ line: pending.line, keyword: (match[1] as string).toUpperCase(), args: (match[2] as string).trim() });
      pending = undefined;
    }
  });
  if (pending) throw new Error(`line ${pending.line}: a continuation runs off the end of the file`);
  return out;
}

describe('Dockerfile (structure, without Docker)', () => {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = parseDockerfile(text);
  const stages = instructions.reduce<Instruction[][]>((acc, ins) => {
    if (ins.keyword === 'FROM') acc.push([ins]);
    else acc.at(-1)?.push(ins);
    return acc;
  }, []);
  const final = stages.at(-1) ?? [];

  it('parses: known instructions only, FROM first (after ARGs), every stage from Node 20 on Debian bookworm slim', () => {
    for (const ins of instructions) expect(KNOWN.has(ins.keyword), `line ${ins.line}: ${ins.keyword}`).toBe(true);
    const firstNonArg = instructions.find((i) => i.keyword !== 'ARG');
    expect(firstNonArg?.keyword).toBe('FROM');
    const image = /NODE_IMAGE=(\S+)/.exec(instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE'))?.args ?? '')?.[1];
    expect(image).toBe('node:20-bookworm-slim');
    expect(stages.length).toBeGreaterThanOrEqual(1);
    for (const [from] of stages) expect(from?.args).toMatch(/^\$\{NODE_IMAGE\}(\s+AS\s+\w+)?$/i);
  });

  it('fetches nothing by URL into the image, and copies only from stages that exist and paths that exist', () => {
    expect(instructions.filter((i) => i.keyword === 'ADD')).toEqual([]);
    expect(text).not.toMatch(/\b(curl|wget)\b/);
    const stageNames = stages.map(([from]) => /\sAS\s+(\w+)/i.exec(from?.args ?? '')?.[1]).filter(Boolean);
    for (const copy of instructions.filter((i) => i.keyword === 'COPY')) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      if (from) { expect(stageNames, `line ${copy.line}`).toContain(from); continue; }
      const sources = copy.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      // A glob may match nothing (LICENSE* before the licence exists) as long as the COPY has another source.
      expect(sources.some((s) => !s.includes('*') && existsSync(path.join(ROOT, s))), `line ${copy.line}: ${copy.args}`).toBe(true);
      for (const source of sources.filter((s) => !s.includes('*'))) expect(existsSync(path.join(ROOT, source)), `line ${copy.line}: ${source}`).toBe(true);
    }
  });

  it('runs as an unprivileged user with casepack as its entry point', () => {
    const users = final.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    const entry = final.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
    // Exec form, so signals reach casepack (it stops OCR and cleans its temp folder on SIGTERM).
    expect(JSON.parse(entry?.args ?? 'null')).toEqual(['casepack']);
    // USER comes after the last RUN: nothing the image runs later does so as root.
    const lastRun = Math.max(...final.map((i, n) => (i.keyword === 'RUN' ? n : -1)));
    expect(final.indexOf(users.at(-1) as Instruction)).toBeGreaterThan(lastRun);
  });

  it('installs only what casepack reads at run time: tesseract language data, where casepack looks for it', () => {
    const apt = instructions.filter((i) => i.keyword === 'RUN' && /apt-get install/.test(i.args));
    for (const run of apt) {
      expect(run.args).toMatch(/--no-install-recommends/);
      expect(run.args).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
      const packages = run.args.replace(/.*apt-get install\s+-y\s+--no-install-recommends\s+/, '').split('&&')[0]?.trim();
      expect(packages).toMatch(/^\$\(for code in \$\{OCR_LANGUAGES\}; do printf 'tesseract-ocr-%s ' "\$code"; done\)$/);
    }
    // Debian's tesseract-ocr-* packages install under /usr/share/tesseract-ocr/<version>/tessdata; casepack searches there.
    expect(STANDARD_TESSDATA_DIRS.some((d) => d.startsWith('/usr/share/tesseract-ocr/'))).toBe(true);
    for (const tool of ['qpdf', 'poppler-utils', 'dcmtk', 'openslide-tools']) expect(apt.map((r) => r.args).join(' ')).not.toContain(tool);
  });

  it('the parser itself catches a broken file (so the checks above can fail)', () => {
    expect(() => parseDockerfile('FROM x \\')).toThrow(/runs off the end/);
    expect(parseDockerfile('# c\nFROM a AS b\nRUN x \\\n  # note\n  && y\n').map((i) => [i.keyword, i.args])).toEqual([['FROM', 'a AS b'], ['RUN', 'x  && y']]);
  });
});
