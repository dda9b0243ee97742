import { statfs } from 'node:fs/promises';

/**
 * Limits on what casepack unpacks from an archive in the case folder. A
 * hospital portal download is a ZIP of a few thousand DICOM files; a ZIP bomb
 * claims terabytes or millions of entries. The limits keep the first fast and
 * stop the second before it fills the disk.
 */
export interface ArchiveLimits {
  /** Entries read per archive (files and folders); the rest are refused as one finding. */
  maxEntries: number;
  /** Bytes one entry may unpack to. */
  maxEntryBytes: number;
  /** Bytes all archives of one scan may unpack to together. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio allowed for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this are never refused for their ratio: a tiny bomb is harmless. */
  ratioFloorBytes: number;
  /**
   * One archive may unpack to at most `maxArchiveRatio` × its own size (or
   * `archiveFloorBytes`, whichever is more), however its entries are split:
   * many entries each under `ratioFloorBytes` add up.
   */
  maxArchiveRatio: number;
  archiveFloorBytes: number;
  /** Free space left untouched on the temp folder's disk, so unpacking never fills it. */
  minFreeBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  // A full-body CT export holds ~2,000–5,000 slices; several series fit comfortably.
  maxEntries: 50_000,
  // A whole-slide scan can reach several GB.
  maxEntryBytes: 8 * GiB,
  maxTotalBytes: 32 * GiB,
  // Blank DICOM frames deflate ~100x; zip bombs reach 1,000x and more.
  maxRatio: 250,
  ratioFloorBytes: 16 * MiB,
  // Whole real exports zipped measure 1.1x (PDFs) to 2.4x (DICOM); the most compressible
  // real DICOM file seen (an uncompressed mammogram) 37x. Bombs are 1,000x and more.
  maxArchiveRatio: 40,
  archiveFloorBytes: 64 * MiB,
  minFreeBytes: 256 * MiB,
};

export function resolveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...overrides };
}

/** What is left for the whole scan: archives share one byte budget. */
export interface ExpansionBudget {
  bytesLeft: number;
}

export type BudgetReason = 'total-size' | 'disk-space' | 'archive-expansion';

/**
 * The bytes one archive may still write: the least of the scan's shared
 * budget, the archive's own expansion allowance and the temp disk's free
 * space (less a margin). Checked before an entry from its declared size and
 * again while its bytes stream, since declared sizes lie.
 */
export class ArchiveBudget {
  private archiveLeft: number;
  private freeLeft: number;

  constructor(private readonly shared: ExpansionBudget, archiveAllowance: number, freeAllowance: number) {
    this.archiveLeft = archiveAllowance;
    this.freeLeft = freeAllowance;
  }

  /** The limit that `bytes` more would cross, if any (the scan's total first, as before). */
  exceeded(bytes: number): BudgetReason | undefined {
    if (bytes > this.shared.bytesLeft) return 'total-size';
    if (bytes > this.freeLeft) return 'disk-space';
    if (bytes > this.archiveLeft) return 'archive-expansion';
    return undefined;
  }

  spend(bytes: number): void {
    this.shared.bytesLeft -= bytes;
    this.archiveLeft -= bytes;
    this.freeLeft -= bytes;
  }
}

/** The budget of one archive of `packedSize` bytes unpacked into `tempDir`. */
export async function budgetForArchive(shared: ExpansionBudget, packedSize: number, tempDir: string, limits: ArchiveLimits): Promise<ArchiveBudget> {
  const allowance = Math.max(limits.archiveFloorBytes, packedSize * limits.maxArchiveRatio);
  return new ArchiveBudget(shared, allowance, await freeBytes(tempDir) - limits.minFreeBytes);
}

/** Space an unprivileged process may still use on the disk of `dir`; unknown counts as unlimited. */
async function freeBytes(dir: string): Promise<number> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    // Some file systems do not answer statfs; a real ENOSPC is still caught while writing.
    return Number.POSITIVE_INFINITY;
  }
}
