import type { Finding } from '../model/finding.js';
import type { FileEntry, Family } from '../model/scan.js';

/** Bytes read once per file and handed to every sniffer. */
export const HEAD_BYTES = 4096;

export interface ProbeInput {
  /** Case-relative POSIX path (for findings). */
  relPath: string;
  absPath: string;
  size: number;
  /** The first min(size, HEAD_BYTES) bytes. */
  head: Buffer;
  /** The open file (read-only); the dispatcher closes it. Read more with `readAt`. */
  handle: RandomAccessReader;
  options: ProbeOptions;
}

export interface ProbeOptions {
  /** Keep extracted text (PDF, SR) in memory for classification. Default true. */
  extractText?: boolean;
  /** Upper bound on extracted text characters per document. */
  maxTextChars?: number;
  /** Pages of a PDF whose text is extracted. */
  maxTextPages?: number;
}

/** What a probe adds to a file entry: its family, its metadata, its findings. */
export type ProbeOutput = Partial<Pick<FileEntry, 'dicom' | 'dicomdir' | 'pdf' | 'slide' | 'tiff' | 'image' | 'archive' | 'text'>> & {
  family: Family;
  findings: Finding[];
};

export type Probe = (input: ProbeInput) => Promise<ProbeOutput>;

/**
 * All a probe needs of an open file: positioned reads. A `FileHandle` fits;
 * the dispatcher passes a lighter reader over a raw descriptor, because
 * FileHandle's open/close bookkeeping cost more than parsing a DICOM header.
 */
export interface RandomAccessReader {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Read exactly `length` bytes at `position` (fewer at end of file). */
export async function readAt(handle: RandomAccessReader, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}
