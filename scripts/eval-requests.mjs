#!/usr/bin/env node
// Request items matched to checklist items, and ticked off by a document received since: accuracy on
// fixtures/eval-requests/pairs.tsv, held-out third first. `npm run eval:requests [-- --misses]` (misses of the
// tuning part only: the held-out part is never looked at row by row while the matcher is tuned).
import { readFileSync } from 'node:fs';
import { loadChecklist } from '../src/check/checklist-schema.ts';
import { matchRequestedItem, requestableItems } from '../src/check/requests-followup.ts';

const FILE = new URL('../fixtures/eval-requests/pairs.tsv', import.meta.url);

/** FNV-1a over the id: a third held out, chosen by id before any row was matched. */
function heldOut(id) {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(id)) { h ^= c; h = Math.imul(h, 0x01000193) >>> 0; }
  return h % 3 === 0;
}

const rows = readFileSync(FILE, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).slice(1)
  .map((l) => { const [id, checklist, asked, received, expected] = l.split('\t'); return { id, checklist, asked, received, expected }; });

const checklists = new Map();
for (const id of new Set(rows.map((r) => r.checklist))) checklists.set(id, await loadChecklist(id));

function categoriesOf(checklist, itemId) {
  const item = checklist.items.find((i) => i.id === itemId);
  return new Set(item ? [...(item.categories ?? []), ...(item.anyOf ?? []).flatMap((a) => a.categories ?? [])] : []);
}

const results = rows.map((row) => {
  const checklist = checklists.get(row.checklist);
  const items = checklist.items.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: 'missing', satisfiedBy: [], why: '' }));
  const matched = matchRequestedItem(row.asked, items, requestableItems(checklist))?.id ?? 'none';
  const shouldTick = row.expected !== 'none' && categoriesOf(checklist, row.expected).has(row.received);
  const ticked = matched !== 'none' && categoriesOf(checklist, matched).has(row.received);
  return { ...row, matched, shouldTick, ticked, heldOut: heldOut(row.id) };
});

function figures(part) {
  const n = part.length;
  const right = part.filter((r) => r.matched === r.expected).length;
  const tickRight = part.filter((r) => r.ticked === r.shouldTick).length;
  const wrongTicks = part.filter((r) => r.ticked && !r.shouldTick).length;
  const missedTicks = part.filter((r) => !r.ticked && r.shouldTick).length;
  const unmatched = part.filter((r) => r.matched === 'none' && r.expected !== 'none').length;
  const pct = (k) => `${((100 * k) / Math.max(1, n)).toFixed(1)}%`;
  return `${n} pairs · item matched right ${right}/${n} (${pct(right)}) · tick-off right ${tickRight}/${n} (${pct(tickRight)}) · ticked wrongly ${wrongTicks} · tick missed ${missedTicks} · left unmatched ${unmatched}`;
}

const held = results.filter((r) => r.heldOut);
const tuning = results.filter((r) => !r.heldOut);
console.log('Request items → checklist items (fixtures/eval-requests/pairs.tsv)');
console.log(`held-out: ${figures(held)}`);
console.log(`tuning:   ${figures(tuning)}`);
if (process.argv.includes('--misses')) {
  for (const r of tuning.filter((x) => x.matched !== x.expected)) console.log(`  ${r.id} ${r.checklist}: "${r.asked}" → ${r.matched} (expected ${r.expected})`);
}
