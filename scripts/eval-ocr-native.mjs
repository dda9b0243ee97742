#!/usr/bin/env node
// The held-out set's degraded copies read by native tesseract (the peer), for
// comparison with `npm run eval:ocr` on the same copies (same --cache folder).
//   node --import tsx scripts/eval-ocr-native.mjs photo [--cache DIR] [--limit N]
import { nativeCer } from '../tools/eval/ocr/native.ts';
import { defaultCacheDir } from '../tools/eval/ocr/variants.ts';

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const variant = args[0] ?? 'photo';
const limit = option('--limit') ? Number(option('--limit')) : undefined;
const result = await nativeCer(option('--cache') ?? defaultCacheDir(), variant, limit);
console.log(`native tesseract (psm 1), ${variant}: pooled CER ${(result.cer * 100).toFixed(2)}%`);
for (const d of result.perDocument.slice(0, 6)) console.log(`  ${d.file}: ${(d.cer * 100).toFixed(1)}%`);
