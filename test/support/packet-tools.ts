import { toolOnPath } from './tools.js';
import { execFileSync, spawnSync } from 'node:child_process';

/** True when a Debian tool is on PATH; tests that need it skip loudly otherwise. */
export function hasTool(name: string): boolean {
  const found = toolOnPath(name);
  if (!found) console.warn(`\n*** ${name} not installed: the tests that need it are SKIPPED ***\n`);
  return found;
}

export function run(cmd: string, args: string[], cwd?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Page count and bookmark titles of a PDF, read by qpdf (not by our own code). */
export function qpdfInfo(file: string): { pages: number; outlines: string[] } {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pages', '--json-key=outlines', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { pages: unknown[]; outlines: { title: string }[] };
  return { pages: json.pages.length, outlines: json.outlines.map((o) => o.title) };
}
