#!/usr/bin/env node
// Writes the held-out evaluation set (fixtures/eval-heldout, or the folder given
// as the first argument): one PDF per document of tools/synth/eval-heldout.ts
// and truth.json beside them. Deterministic: the same code gives the same bytes.
// Run with `node --import tsx scripts/make-eval-heldout.mjs`.
//
// The set was written without reading the classifier or the regression set, so
// it measures how the rules carry over; evaluate it with `npm run eval:heldout`.
// Report its numbers; do not tune to them.
import { main } from '../tools/eval/main.ts';

await main(['--generate', 'heldout', ...process.argv.slice(2)]);
