#!/usr/bin/env node
// Classification and clinical-date accuracy on the held-out set
// (fixtures/eval-heldout, or the folder given as the first argument):
// `npm run eval:heldout`. Same evaluator as `npm run eval` (tools/eval/).
import { main } from '../tools/eval/main.ts';

await main(process.argv.length > 2 ? process.argv.slice(2) : ['heldout']);
