import { UsageError } from './errors.js';

/**
 * Packet size limits. Units are decimal (1 MB = 1,000,000 bytes) because
 * upload portals and transfer services state their limits that way; a limit
 * read as binary would let a packet a few percent too large through.
 */
const UNITS: Readonly<Record<string, number>> = { KB: 1e3, MB: 1e6, GB: 1e9 };

/**
 * 2 GB: the limit of WeTransfer-type transfer services' free tier and about
 * the smallest of hospital upload portals' per-file limits. Email stops at
 * about 25 MB, far below any packet with imaging.
 */
export const DEFAULT_MAX_PACKET_BYTES = 2 * UNITS['GB']!;

/** A part must hold at least the index, the manifests and one document. */
export const MIN_MAX_PACKET_BYTES = UNITS['MB']!;

/**
 * `500MB`, `2 GB`, `1.5GB`, `700kb` → bytes. Anything else (no unit, a bare
 * `B`, binary units, negative or zero, below 1 MB) is a UsageError with one
 * line saying what is wanted; `what` names the setting (`--max-size`).
 */
export function parseSizeLimit(text: string, what = '--max-size'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB)\s*$/i.exec(text);
  if (!match) throw new UsageError(`${what} wants a number and a unit, KB, MB or GB (e.g. 500MB or 2GB), got "${text}"`);
  const bytes = Math.floor(Number(match[1]) * (UNITS[(match[2] as string).toUpperCase()] as number));
  if (!(bytes >= MIN_MAX_PACKET_BYTES)) throw new UsageError(`${what} must be at least 1MB, got "${text}"`);
  return bytes;
}

/** `2000000000` → `2 GB`, `1500000` → `1.5 MB`: sizes in the decimal units the limit is given in. */
export function formatSizeLimit(bytes: number): string {
  for (const unit of ['GB', 'MB', 'KB'] as const) {
    const value = bytes / (UNITS[unit] as number);
    if (value >= 1) return `${Number(value.toFixed(value >= 100 ? 0 : 1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
