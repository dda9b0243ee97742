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

/** The same bytes as `sha256sumLines`, 500 lines a piece: a 20,000-file packet's ~2.5 MB string and its Buffer copy are not made at the end of the ZIP step. */
export function* sha256sumPieces(entries: EntryList<{ path: string; sha256: string }>): Generator<Buffer> {
  for (let start = 0; start < entries.length; start += ENTRIES_PER_PIECE) {
    let lines = '';
    for (let i = start; i < Math.min(start + ENTRIES_PER_PIECE, entries.length); i++) {
      const e = entries.at(i) as { path: string; sha256: string };
      lines += `${e.sha256}  ${e.path}\n`;
    }
    yield Buffer.from(lines, 'utf8');
  }
}

/** An array, or a packed list that makes each entry when it is read (`PackedManifestEntries`). */
export interface EntryList<T> {
  readonly length: number;
  at(index: number): T | undefined;
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

/** Entries per piece of manifest.json as it is made: a few hundred KB at a time. */
const ENTRIES_PER_PIECE = 500;

/**
 * `JSON.stringify(manifest, null, 2) + '\n'` in pieces, entries a few
 * hundred at a time, so the ~7.5 MB text of a 20,000-file packet is never
 * held whole (nor its Buffer copy) at the build's end. The joined pieces are
 * those bytes exactly: each entry is stringified on its own and indented to
 * its depth (a JSON string holds no raw newline, so every newline is a line
 * of the layout).
 */
export function* manifestJsonPieces(manifest: Manifest, entries: EntryList<ManifestEntry> = manifest.entries): Generator<Buffer> {
  const placeholder = '\n  "entries": []';
  const outline = JSON.stringify({ ...manifest, entries: [] }, null, 2) + '\n';
  const at = outline.indexOf(placeholder);
  if (entries.length === 0 || at < 0) {
    yield Buffer.from(outline, 'utf8');
    return;
  }
  yield Buffer.from(`${outline.slice(0, at)}\n  "entries": [`, 'utf8');
  for (let start = 0; start < entries.length; start += ENTRIES_PER_PIECE) {
    let lines = '';
    for (let i = start; i < Math.min(start + ENTRIES_PER_PIECE, entries.length); i++) {
      lines += `${i > 0 ? ',' : ''}\n    ${JSON.stringify(entries.at(i), null, 2).replaceAll('\n', '\n    ')}`;
    }
    yield Buffer.from(lines, 'utf8');
  }
  yield Buffer.from(`\n  ]${outline.slice(at + placeholder.length)}`, 'utf8');
}
