import { finding } from '../findings/codes.js';
import type { ArchiveInfo } from '../model/scan.js';
import type { Probe } from './types.js';

/** Recognises archives; what is inside is examined by the archive expander, not here. */
export const probeArchive: Probe = async ({ head, relPath }) => {
  const format = archiveFormat(head);
  const archive: ArchiveInfo = { format };
  if (format === 'gzip') {
    const innerName = gzipInnerName(head);
    if (innerName) archive.innerName = innerName;
    if (/\.dcm\.gz$/i.test(relPath) || (innerName && /\.dcm$/i.test(innerName))) {
      return { family: 'archive', archive, findings: [finding('DICOM_GZIPPED', relPath)] };
    }
  }
  return { family: 'archive', archive, findings: [finding('ARCHIVE_NOT_EXPANDED', relPath)] };
};

function archiveFormat(b: Buffer): ArchiveInfo['format'] {
  if (b[0] === 0x50 && b[1] === 0x4b) return 'zip';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.toString('latin1', 0, 2) === '7z') return '7z';
  if (b.toString('latin1', 0, 4) === 'Rar!') return 'rar';
  return 'tar';
}

/** RFC 1952: FNAME is present when FLG bit 3 is set, after the 10-byte header and any FEXTRA. */
function gzipInnerName(b: Buffer): string | undefined {
  if (b.length < 10) return undefined;
  const flags = b[3] ?? 0;
  if (!(flags & 0x08)) return undefined;
  let offset = 10;
  if (flags & 0x04) {
    if (b.length < 12) return undefined;
    offset += 2 + b.readUInt16LE(10);
  }
  const end = b.indexOf(0, offset);
  if (end < 0) return undefined;
  return b.toString('latin1', offset, end);
}
