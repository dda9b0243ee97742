#!/usr/bin/env node
// Classification and clinical-date accuracy on the labelled sets (tools/eval/).
//
//   npm run eval                          the held-out set (the accuracy gate) first, then the regression set
//   npm run eval -- heldout | regression  one set; or a folder holding a truth.json
//   npm run eval -- --generate            rewrite fixtures/classify-regression from its generator (deterministic)
//
// Runs the library from src/ through tsx (`node --import tsx scripts/eval.mjs`).
import { main } from '../tools/eval/main.ts';

await main(process.argv.slice(2));
