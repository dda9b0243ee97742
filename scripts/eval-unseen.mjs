#!/usr/bin/env node
// Category, date and language on real documents from sources casepack was never trained on
// (tools/eval/unseen.ts, docs/eval-unseen.md).
//
//   npm run eval:unseen -- --fetch-from <snapshot dir> [<snapshot dir> ...]   fill the cache, then measure
//   npm run eval:unseen [-- --limit N] [--source ID] [--today YYYY-MM-DD] [--json FILE]  measure from the cache
//   npm run eval:unseen -- --split tune     only the tuning third: scanned and printed, misses too; the held-out
//                                           two thirds are not even scanned, so tuning can never see their misses
//   npm run eval:unseen -- --show-held-out-misses   also list the held-out part's misses (off by default: whoever
//                                           reads them can no longer tune on that part honestly)
//
// The cache is $CASEPACK_UNSEEN_CACHE, else $XDG_CACHE_HOME/casepack-unseen, else ~/.cache/casepack-unseen.
import { writeFileSync } from 'node:fs';
import { fillUnseenCache, readUnseenCache, splitOf, unseenCacheDir, UNSEEN_SOURCES } from '../tools/eval/unseen-sources.ts';
import { outcomesToShare, printUnseen, scanUnseen } from '../tools/eval/unseen.ts';

const args = process.argv.slice(2);
const snapshots = [];
let limit = Infinity;
let source;
let today;
let json;
let split = 'all';
let showHeldOutMisses = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--fetch-from') { while (args[i + 1] && !args[i + 1].startsWith('--')) snapshots.push(args[++i]); }
  else if (args[i] === '--limit') limit = Number(args[++i]);
  else if (args[i] === '--source') source = args[++i];
  else if (args[i] === '--json') json = args[++i];
  else if (args[i] === '--show-held-out-misses') showHeldOutMisses = true;
  else if (args[i] === '--split') {
    split = args[++i];
    if (!['tune', 'all'].includes(split)) { console.error('--split takes tune (the tuning third only) or all'); process.exit(2); }
  }
  else if (args[i] === '--today') today = new Date(`${args[++i]}T00:00:00Z`);
  else { console.error(`Unknown argument ${args[i]}`); process.exit(2); }
}

const HOW_TO = [
  'Fill it from snapshots of the source repositories (the `fetch` tool brings them to /work/.mirror/<owner>+<name>/repo):',
  ...UNSEEN_SOURCES.filter((s, i, all) => all.findIndex((t) => t.repository === s.repository) === i).map((s) => `  ${s.repository}`),
  '  npm run eval:unseen -- --fetch-from /work/.mirror/SaadSubhaniTheProgrammerVersion+Textual-Report-Generation-from-Chest-X-rays-Indiana-Dataset/repo \\',
  '    /work/.mirror/DIAGNijmegen+dragon_sample_reports/repo /work/.mirror/calgo-lab+redakt-grascco/repo /work/.mirror/txusser+Master_IA_Sanidad/repo \\',
  '    /work/.mirror/hltfbk+E3C-Corpus/repo /work/.mirror/kathrynchapman+CANTEMIST2020/repo /work/.mirror/GuocaiL+nlp_corpus/repo \\',
  '    /work/.mirror/zyh961117+CCKS-2017-task2/repo /work/.mirror/sociocom+JMED-LLM/repo',
  '  (all of them at once: filling rewrites the whole cache; the CANTEMIST overlap check needs the CodiEsp snapshot, the CCKS 2017 one the Yidu-S4K snapshot)',
].join('\n');

if (snapshots.length) {
  const counts = fillUnseenCache(snapshots);
  if (counts.size === 0) { console.error(`None of the known sources was found in ${snapshots.join(', ')}.\n${HOW_TO}`); process.exit(1); }
  console.log(`Cache ${unseenCacheDir()}: ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}\n`);
}
const docs = readUnseenCache();
if (!docs) {
  console.log(`SKIPPED: no unseen-source documents in ${unseenCacheDir()} (the texts are never kept in the repository).\n${HOW_TO}`);
  process.exit(0);
}
const chosen = docs.filter((d) => (!source || d.source === source) && (split === 'all' || splitOf(d) === 'tuning')).slice(0, limit);
const { outcomes, seconds, cpuSeconds } = await scanUnseen(chosen, today);
console.log(printUnseen(outcomes, seconds, cpuSeconds, { showHeldOutMisses }));
// Every document's outcome (ids, labels, what casepack said; no source text), for a closer look; blind sources' left out.
if (json) writeFileSync(json, JSON.stringify(outcomesToShare(outcomes), null, 1));
