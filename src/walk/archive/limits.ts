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
};

export function resolveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...overrides };
}

/** What is left for the whole scan: archives share one byte budget. */
export interface ExpansionBudget {
  bytesLeft: number;
}
