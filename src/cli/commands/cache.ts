import type { Command } from 'commander';
import { clearOcrCache, ocrCacheInfo, type OcrCacheInfo } from '../../extract/ocr/cache.js';
import { CACHE_SCHEMA_VERSION, CacheClearSchema, CacheInfoSchema } from '../../model/cache.js';
import { formatBytes } from '../../util/format.js';
import { EXIT } from '../exit.js';
import { helpFor } from '../help-text.js';
import { Output } from '../output.js';

interface CacheFlags { json?: boolean }

function describe(info: OcrCacheInfo): string {
  return `${info.entries} document(s), ${formatBytes(info.bytes)}`;
}

/**
 * `casepack cache info|clear`: the OCR cache holds document text, so a person
 * must be able to see where it is and remove it without hunting for the folder.
 */
export function registerCache(program: Command): void {
  const cache = program
    .command('cache')
    .description('the OCR cache (text read from scanned pages, kept in your own cache folder): where it is, how big, clear it')
    .addHelpText('after', helpFor('cache'));
  cache
    .command('info')
    .description('print the cache folder and its size')
    .option('--json', 'print { schemaVersion, dir, exists, entries, bytes } as JSON (docs/schema/cache-info.schema.json)')
    .action(async (flags: CacheFlags) => {
      const out = new Output({ json: flags.json });
      const info = await ocrCacheInfo();
      // Validated against the schema docs/schema/cache-info.schema.json is made from: the shape cannot drift.
      if (flags.json) out.json(CacheInfoSchema.parse({ schemaVersion: CACHE_SCHEMA_VERSION, dir: info.dir, exists: info.exists, entries: info.entries, bytes: info.bytes }));
      else out.line(`OCR cache: ${info.dir}\n${info.exists ? describe(info) : 'empty (the folder does not exist yet)'}`);
      process.exitCode = EXIT.OK;
    });
  cache
    .command('clear')
    .description('remove the cache folder and everything in it')
    .option('--json', 'print what was removed as JSON: { schemaVersion, dir, cleared, entries, bytes } (docs/schema/cache-clear.schema.json)')
    .action(async (flags: CacheFlags) => {
      const out = new Output({ json: flags.json });
      const before = await clearOcrCache();
      if (flags.json) out.json(CacheClearSchema.parse({ schemaVersion: CACHE_SCHEMA_VERSION, dir: before.dir, cleared: true, entries: before.entries, bytes: before.bytes }));
      else out.line(before.exists ? `Removed the OCR cache ${before.dir} (${describe(before)}).` : `The OCR cache ${before.dir} was already empty.`);
      process.exitCode = EXIT.OK;
    });
  for (const sub of cache.commands) sub.addHelpText('after', helpFor('cache'));
}
