#!/usr/bin/env node
// Primary report or summary: accuracy on fixtures/eval-primary (held-out first): `npm run eval:primary [-- --misses]`.
import { evaluatePrimary, printPrimary } from '../tools/eval/primary.ts';

console.log(printPrimary(evaluatePrimary(), process.argv.includes('--misses')));
