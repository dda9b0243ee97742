import { z } from 'zod';

export const CACHE_SCHEMA_VERSION = 1;

/** `casepack cache info --json`: where the OCR cache is and how much it holds. */
export const CacheInfoSchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  dir: z.string().describe('the OCR cache folder (never inside a case)'),
  exists: z.boolean().describe('false until the first OCR result is cached'),
  entries: z.number().int().nonnegative().describe('cached documents'),
  bytes: z.number().int().nonnegative().describe('their size on disk'),
});
export type CacheInfo = z.infer<typeof CacheInfoSchema>;

/** `casepack cache clear --json`: what was removed. */
export const CacheClearSchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  dir: z.string(),
  cleared: z.literal(true),
  entries: z.number().int().nonnegative().describe('cached documents removed'),
  bytes: z.number().int().nonnegative().describe('bytes removed'),
});
export type CacheClear = z.infer<typeof CacheClearSchema>;
