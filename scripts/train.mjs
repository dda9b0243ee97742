#!/usr/bin/env node
// Rebuild the document classifier from its corpus (tools/corpus, tools/train; docs/model.md).
//
//   npm run train -- --mtsamples <snapshot of github:ML4LHS/clinspacy> [--reserved FILE]
//
// The corpus is cached outside the repository ($CASEPACK_CORPUS_CACHE or ~/.cache/casepack-corpus).
import { main } from '../tools/train/main.ts';

try {
  await main(process.argv.slice(2));
} catch (err) {
  console.error(`train: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
