// Writes bench/build.mjs's figures into docs/performance.md: only its own
// sections (Build, Merge, Verify); the others belong to bench/startup.mjs (Start-up) and bench/scan.mjs (Scan).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const DOC = path.resolve(import.meta.dirname, '..', '..', 'docs', 'performance.md');
const SKELETON = `# Performance

Figures from \`npm run bench\`, each beside its peer tool in the same run. Targets from issue 15.

## Start-up

## Scan

## Build

## Merge

## Verify
`;

const SECTIONS = [
  ['Build', (work) => work.startsWith('build')],
  ['Merge', (work) => work.startsWith('merge')],
  ['Verify', (work) => work.startsWith('verify')],
];

function table(rows) {
  const lines = ['| work | casepack | peer | ratio | target | |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.work} | ${r.casepack} | ${r.peer} | ${r.ratio} | ${r.target} | ${r.met === null ? 'info' : r.met ? 'met' : 'MISSED'} |`);
  return lines.join('\n');
}

/** Replace the body of one `## name` section, keeping every other section as it is. */
export function replaceSection(doc, name, body) {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${name}`);
  if (start < 0) return `${doc.trimEnd()}\n\n## ${name}\n\n${body}\n`;
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  return [...lines.slice(0, start + 1), '', body, '', ...lines.slice(end)].join('\n');
}

/** The table rows and the "Measured by" line of a section as written before, to keep what this run did not measure. */
function previousSection(doc, name) {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${name}`);
  if (start < 0) return { rows: [], measured: undefined };
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end);
  const measured = body.find((l) => l.startsWith('Measured by'))?.replace(/^Measured by `bench\/build.mjs`: /, '').replace(/\.$/, '');
  // Rows the run before had itself kept from an older run carry that run's conditions, not its own.
  const olderConditions = new Map();
  for (const line of body) {
    const note = /^Rows not measured in (?:this|that) run \((.*)\) keep the figures of (?:the|an earlier) run(?: before)?: (.*)\.$/.exec(line);
    if (note) for (const work of note[1].split('; ')) olderConditions.set(work, note[2]);
  }
  const rows = body.filter((l) => l.startsWith('| ') && !l.startsWith('| work |')).map((line) => {
    const work = line.slice(2).split(' | ')[0];
    return { work, line, measured: olderConditions.get(work) ?? measured ?? 'conditions not recorded' };
  });
  return { rows, measured };
}

export async function writePerformanceSections(rows, conditions) {
  let doc = existsSync(DOC) ? await readFile(DOC, 'utf8') : SKELETON;
  for (const [name, belongs] of SECTIONS) {
    const mine = rows.filter((r) => belongs(r.work));
    if (mine.length === 0) continue;
    // A run of some rows (--only merge,small) keeps the section's other rows, saying they are from the earlier run.
    const before = previousSection(doc, name);
    const kept = before.rows.filter((r) => !mine.some((m) => m.work === r.work));
    // One note per earlier run, each naming its rows and the conditions they were measured in.
    const keptByRun = new Map();
    for (const r of kept) keptByRun.set(r.measured, [...(keptByRun.get(r.measured) ?? []), r.work]);
    const keptNote = [...keptByRun].map(([measured, works]) => `\n\nRows not measured in this run (${works.join('; ')}) keep the figures of an earlier run: ${measured}.`).join('');
    // In the order the section had, new rows after.
    const lines = table(mine).split('\n');
    const lineOf = new Map(mine.map((m, i) => [m.work, lines[i + 2]]));
    const ordered = [...before.rows.map((r) => lineOf.get(r.work) ?? r.line), ...mine.filter((m) => !before.rows.some((r) => r.work === m.work)).map((m) => lineOf.get(m.work))];
    doc = replaceSection(doc, name, `Measured by \`bench/build.mjs\`: ${conditions}.${keptNote}\n\n${[...lines.slice(0, 2), ...ordered].join('\n')}`);
  }
  await writeFile(DOC, doc.replace(/\n{3,}/g, '\n\n'));
  console.log(`bench/build: wrote ${path.relative(process.cwd(), DOC)}`);
}
