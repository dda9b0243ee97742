#!/usr/bin/env node
// Tumour-marker reading accuracy on fixtures/eval-markers: `npm run eval:markers`.
// The held-out set's figures come first and without per-document details, so tuning never looks at its texts.
import { evaluateMarkers, printMarkerScore } from '../tools/eval/markers.ts';

console.log(printMarkerScore(await evaluateMarkers('heldout'), false));
console.log(printMarkerScore(await evaluateMarkers('tuning'), true));
