import type { Manifest, ManifestEntry } from './manifest-schema.js';

/** What the manifest says of a packed entry besides its size and hash; `sources` is made when asked for. */
export type ManifestSubject = Omit<ManifestEntry, 'size' | 'sha256'>;

const DIGEST_BYTES = 32;

/**
 * The manifest's entries as the ZIP step records them: each entry's size in
 * a Float64Array and its SHA-256 as 32 bytes, beside the caller's own list of
 * what it packed (read through `describe`). A 20,000-file packet held an
 * object, a sources array and a 64-character hash string per file (~0.2 KB)
 * through the whole ZIP step; an entry is now made only when one is read.
 */
export class PackedManifestEntries {
  private sizes: Float64Array;
  private digests: Uint8Array;
  private count = 0;

  constructor(capacity: number, private readonly describe: (index: number) => ManifestSubject) {
    this.sizes = new Float64Array(Math.max(capacity, 1));
    this.digests = new Uint8Array(this.sizes.length * DIGEST_BYTES);
  }

  get length(): number { return this.count; }

  /** Record the next entry (in packing order): its stored size and its SHA-256 in hex. */
  push(size: number, sha256: string): void {
    if (this.count === this.sizes.length) this.grow();
    this.sizes[this.count] = size;
    Buffer.from(this.digests.buffer, this.digests.byteOffset, this.digests.byteLength).write(sha256, this.count * DIGEST_BYTES, DIGEST_BYTES, 'hex');
    this.count++;
  }

  sha256(index: number): string {
    return Buffer.from(this.digests.buffer, this.digests.byteOffset + index * DIGEST_BYTES, DIGEST_BYTES).toString('hex');
  }

  /** Entry `index` as a new object, its keys in the manifest's order (manifest.json's bytes depend on it). */
  at(index: number): ManifestEntry | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const { path, sources, category, date, derivation } = this.describe(index);
    return { path, sources, category, date, size: this.sizes[index] as number, sha256: this.sha256(index), derivation };
  }

  toArray(): ManifestEntry[] {
    const entries: ManifestEntry[] = [];
    for (let i = 0; i < this.count; i++) entries.push(this.at(i) as ManifestEntry);
    return entries;
  }

  private grow(): void {
    const sizes = new Float64Array(this.sizes.length * 2);
    sizes.set(this.sizes);
    const digests = new Uint8Array(sizes.length * DIGEST_BYTES);
    digests.set(this.digests);
    this.sizes = sizes;
    this.digests = digests;
  }
}

/**
 * The manifest with its entries made only when a caller first reads
 * `entries` (the CLI's --json, a split packet's count, tests), then kept:
 * the build itself reads them through `PackedManifestEntries`.
 */
export function manifestOfPacked(outline: Omit<Manifest, 'entries' | 'leftOut'>, entries: PackedManifestEntries, leftOut: Manifest['leftOut']): Manifest {
  let made: ManifestEntry[] | undefined;
  const manifest = { ...outline } as Manifest;
  // Defined in the schema's key order, so JSON.stringify of the manifest is as before.
  Object.defineProperty(manifest, 'entries', { enumerable: true, configurable: true, get: () => (made ??= entries.toArray()), set: (value: ManifestEntry[]) => { made = value; } });
  manifest.leftOut = leftOut;
  return manifest;
}
