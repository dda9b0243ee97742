#!/usr/bin/env node
// Category, date and language accuracy on the non-English set
// (fixtures/eval-languages): `npm run eval:languages`.
import { evaluateLanguages, printLanguages } from '../tools/eval/languages.ts';

console.log(printLanguages(await evaluateLanguages()));
