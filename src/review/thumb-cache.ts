import type { Thumbnail } from './thumbnail-types.js';

/**
 * Thumbnails already made, least recently used first out, bounded in bytes:
 * a review page scrolled up and down asks for the same pictures again, and
 * each one costs a decode in a worker. "Nothing to show" is remembered too
 * (a small fixed cost), so a file that timed out is not decoded again on
 * every page load; a changed file has a new key (size, mtime) and is decoded afresh.
 */

/** What an entry is charged besides its picture's bytes (key, object, bookkeeping). */
const ENTRY_OVERHEAD = 256;

export interface ThumbnailCacheStats { entries: number; bytes: number; hits: number; misses: number }

export class ThumbnailCache {
  private readonly entries = new Map<string, Thumbnail | null>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxBytes: number) {}

  private static cost(key: string, value: Thumbnail | null): number {
    return ENTRY_OVERHEAD + key.length * 2 + (value?.bytes.byteLength ?? 0);
  }

  /** The stored answer (`null`: nothing to show), or undefined when this key was never answered. */
  get(key: string): Thumbnail | null | undefined {
    if (!this.entries.has(key)) { this.misses++; return undefined; }
    const value = this.entries.get(key) as Thumbnail | null;
    // Most recently used goes last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, value);
    this.hits++;
    return value;
  }

  set(key: string, value: Thumbnail | null): void {
    const cost = ThumbnailCache.cost(key, value);
    if (cost > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.bytes -= ThumbnailCache.cost(key, old ?? null);
    }
    this.entries.set(key, value);
    this.bytes += cost;
    for (const [oldest, stored] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= ThumbnailCache.cost(oldest, stored);
    }
  }

  get stats(): ThumbnailCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }
}
