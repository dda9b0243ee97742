import { z } from 'zod';
import { CategoryIdSchema } from '../model/categories.js';
import { IsoDateSchema } from '../model/scan.js';

export const MANIFEST_SCHEMA_VERSION = 1;

export const ManifestEntrySchema = z.object({
  /** Path inside the packet. */
  path: z.string(),
  /** Case-relative source path(s); empty for generated entries. */
  sources: z.array(z.string()),
  category: CategoryIdSchema.nullable(),
  date: IsoDateSchema.nullable(),
  size: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** How the entry was made from its sources. */
  derivation: z.enum(['copied', 'merged', 'copied-as-is', 'generated']),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

/** `manifest.json` inside every packet: what `casepack verify` checks on the receiving side. */
export const ManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('casepack'), version: z.string() }),
  /** The case folder's name (not its full path, which may say more than needed). */
  case: z.string(),
  generatedAt: z.string(),
  checklist: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** Every entry except manifest.json and manifest-sha256.txt themselves. */
  entries: z.array(ManifestEntrySchema),
  leftOut: z.array(z.object({ source: z.string(), reason: z.string(), detail: z.string().optional() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** `sha256sum -c` format: hash, two spaces (text mode marker blank), path. */
export function sha256sumLines(entries: { path: string; sha256: string }[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

export function parseSha256sum(text: string): Map<string, string> | null {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) return null;
    result.set(match[2] as string, match[1] as string);
  }
  return result;
}
