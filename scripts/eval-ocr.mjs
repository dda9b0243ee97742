#!/usr/bin/env node
// OCR accuracy (issue 10): each labelled document born-digital, scanned at
// 300 and 200 dpi and photographed, read by OCR and scored like `npm run eval`
// (category, date) plus character error rate against the born-digital text.
//
//   npm run eval:ocr                      the held-out set (never tuned on)
//   npm run eval:ocr -- --limit 5         a quick look at the first five documents
//   npm run eval -- --ocr                 the same
//   npm run eval:ocr -- --real            real documents: the corpus's held-out MTSamples/TCGA
//                                         texts as printouts, scanned and photographed
//                                         (also npm run eval:ocr-real)
//
// The degraded copies are generated at run time from the set (tools/synth/degrade.ts)
// into a cache folder, never committed. See docs/ocr-evaluation.md.
const args = process.argv.slice(2);
try {
  if (args.includes('--real')) {
    const { mainReal } = await import('../tools/eval/ocr-real.ts');
    await mainReal(args);
  } else {
    const { main } = await import('../tools/eval/ocr/main.ts');
    await main(args);
  }
} catch (error) {
  // A wrong flag gets the usage, not a stack trace.
  if (!(error instanceof Error) || !error.message.startsWith('usage:')) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
