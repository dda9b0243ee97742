/**
 * Content sniffing: which probe should look at a file, decided from its first
 * bytes (extension only as a last resort: hospital CDs ship `IM0001`).
 */
export type SniffResult = 'empty' | 'dicom' | 'dicom-headless' | 'tiff' | 'pdf' | 'image' | 'archive' | 'mrxs' | 'ets' | 'text' | 'other';

const PDF_MAGIC = Buffer.from('%PDF-');

export function sniff(head: Buffer, size: number, name: string): SniffResult {
  if (size === 0) return 'empty';
  if (head.length >= 132 && head.toString('latin1', 128, 132) === 'DICM') return 'dicom';
  if (isTiff(head)) return 'tiff';
  // A magic number at offset 0 is surer than `%PDF-` found further on: a stored (uncompressed)
  // ZIP whose first entry is a PDF has it at offset 30, and a photo may carry one in its metadata.
  if (head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'pdf';
  if (isImage(head)) return 'image';
  if (isArchive(head)) return 'archive';
  // Readers tolerate junk before the header (mail gateways and scanners add some).
  if (head.subarray(0, 1024).indexOf(PDF_MAGIC) !== -1) return 'pdf';
  if (looksLikeHeadlessDicom(head)) return 'dicom-headless';
  if (/\.mrxs$/i.test(name)) return 'mrxs';
  // Olympus VSI frame files: `SIS\0` then the 64-byte header size.
  if (head.length >= 8 && head.toString('latin1', 0, 4) === 'SIS\0' && head.readUInt32LE(4) === 64) return 'ets';
  if (looksLikeText(head)) return 'text';
  return 'other';
}

export function isTiff(b: Buffer): boolean {
  if (b.length < 4) return false;
  const order = b.toString('latin1', 0, 2);
  if (order === 'II') return (b[2] === 42 || b[2] === 43) && b[3] === 0;
  if (order === 'MM') return b[2] === 0 && (b[3] === 42 || b[3] === 43);
  return false;
}

export function isImage(b: Buffer): boolean {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true; // JPEG
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return true; // PNG
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') {
    const brand = b.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1', 'heim', 'heis', 'avif'].includes(brand)) return true;
  }
  if (b.length >= 6 && (b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a')) return true;
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return true;
  if (b.length >= 14 && b.toString('latin1', 0, 2) === 'BM' && b.readUInt32LE(2) > 14) return true;
  return false;
}

export function isArchive(b: Buffer): boolean {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6)) return true; // ZIP
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return true; // gzip
  if (b.length >= 6 && b.toString('latin1', 0, 6) === '7z\xbc\xaf\x27\x1c') return true;
  if (b.length >= 7 && b.toString('latin1', 0, 7) === 'Rar!\x1a\x07') return true;
  if (b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar') return true;
  return false;
}

/**
 * A DICOM dataset without preamble starts with a small group number (0002 meta
 * or 0008 identifying) in little endian, followed either by a two-letter VR
 * (explicit) or a 4-byte length (implicit). The DICOM probe does the real work.
 */
export function looksLikeHeadlessDicom(b: Buffer): boolean {
  if (b.length < 8) return false;
  // Explicit VR big endian without meta (retired, still in test suites): group 0008 read big endian, then a VR.
  if (b.readUInt16BE(0) === 0x0008 && b.readUInt16BE(2) <= 0x0100 && /^[A-Z]{2}$/.test(b.toString('latin1', 4, 6))) return true;
  const group = b.readUInt16LE(0);
  if (group !== 0x0002 && group !== 0x0008) return false;
  const element = b.readUInt16LE(2);
  if (element > 0x0100) return false;
  const vr = b.toString('latin1', 4, 6);
  if (/^[A-Z]{2}$/.test(vr)) return true;
  const length = b.readUInt32LE(4);
  return length < 0x10000;
}

export function looksLikeText(b: Buffer): boolean {
  const sample = b.subarray(0, 4096);
  if (sample.length === 0) return false;
  if (sample.includes(0)) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
  }
  if (control > sample.length * 0.01) return false;
  // Decodes as UTF-8 (allowing a character cut at the end of the sample)? `stream` holds back an unfinished
  // last character; cutting a fixed 4 bytes instead split a 2- or 3-byte character (Arabic, Hindi) and refused the file.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
