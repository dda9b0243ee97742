#!/usr/bin/env node
// Write fixtures/eval-primary/labels.tsv (ids and labels only) from the corpus cache and the synthetic documents.
import { writeFileSync } from 'node:fs';
import { formatLabels, loadCorpus, PRIMARY_LABELS, selectPrimarySet } from '../tools/eval/primary-set.ts';

const corpus = loadCorpus();
if (!corpus) { console.error('the corpus cache is missing (~/.cache/casepack-corpus/corpus.jsonl)'); process.exit(2); }
const rows = selectPrimarySet(corpus);
writeFileSync(PRIMARY_LABELS, formatLabels(rows));
console.log(`${rows.length} documents (${rows.filter((r) => r.split === 'heldout').length} held out) → ${PRIMARY_LABELS}`);
