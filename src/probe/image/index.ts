/**
 * Photos and screenshots: format, dimensions and EXIF (date taken, camera,
 * software) from headers only. image-size reads dimensions from a bounded
 * head; exifr reads EXIF from JPEG/PNG heads and from the HEIC EXIF item we
 * locate ourselves. A file cut short (no JPEG end marker, no PNG IEND) or
 * whose header cannot be read gives IMAGE_UNREADABLE.
 */
import exifr from 'exifr';
import { imageSize } from 'image-size';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { ImageInfo } from '../../model/scan.js';
import { probeMrxs } from '../mrxs.js';
import { parseTiffDateTime } from '../../dates/formats.js';
import { readAt, type Probe, type ProbeInput } from '../types.js';
import { heifDeclaredSize, locateHeifExif, tiffFromExifItem } from './heif.js';
import { imageFormat } from './format.js';
import { jpegFrameSize } from './jpeg.js';
import { MAX_IMAGE_PIXELS } from './limits.js';

/** Headers worth reading: JPEG APP segments (EXIF ≤ 64 KB, ICC, XMP) and the HEIF meta box fit well inside. */
const HEAD_READ = 256 * 1024;
/** EXIF blocks are at most 64 KB in JPEG; HEIC allows more but cameras stay small. */
const EXIF_MAX = 128 * 1024;
const TAIL_READ = 4096;

type Format = ImageInfo['format'];

export { imageFormat };


/** Raw strings (no Date revival: EXIF dates carry no time zone), only the tags we use. */
const EXIF_OPTIONS = {
  pick: ['Make', 'Model', 'Software', 'DateTimeOriginal', 'CreateDate'],
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
};

interface ExifFields { Make?: unknown; Model?: unknown; Software?: unknown; DateTimeOriginal?: unknown; CreateDate?: unknown }

async function readExif(input: ProbeInput, format: Format, head: Buffer): Promise<ExifFields | undefined> {
  let block: Buffer | undefined = head;
  if (format === 'heic') {
    const where = locateHeifExif(head);
    if (!where || where.length > EXIF_MAX || where.offset + where.length > input.size) return undefined;
    const item = await readAt(input.handle, where.offset, where.length);
    block = tiffFromExifItem(item);
  } else if (format !== 'jpeg' && format !== 'png') {
    return undefined;
  }
  if (!block) return undefined;
  try {
    return (await exifr.parse(block, { ...EXIF_OPTIONS, pick: [...EXIF_OPTIONS.pick] })) as ExifFields | undefined;
  } catch {
    // No EXIF, or EXIF exifr cannot read: the image is still fine.
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/[\u0000-\u001f]/g, '').trim();
  return clean ? clean.slice(0, 100) : undefined;
}

/** Is the end of the file where the format says it ends? A copy cut short loses it. */
async function looksComplete(input: ProbeInput, format: Format): Promise<boolean> {
  if (format !== 'jpeg' && format !== 'png') return true;
  const from = Math.max(0, input.size - TAIL_READ);
  const tail = await readAt(input.handle, from, input.size - from);
  if (format === 'jpeg') return tail.includes(Buffer.from([0xff, 0xd9]));
  return tail.includes(Buffer.from('IEND', 'latin1'));
}

export const probeImage: Probe = async (input) => {
  // MIRAX slides may carry a picture in their .mrxs file; the folder is what matters.
  if (/\.mrxs$/i.test(input.relPath)) return probeMrxs(input);
  const format = imageFormat(input.head);
  if (!format) return { family: 'image', findings: [finding('IMAGE_UNREADABLE', input.relPath, { details: { reason: 'unknown image signature' } })] };
  const image: ImageInfo = { format };
  const findings: Finding[] = [];
  const head = input.size <= input.head.length ? input.head : await readAt(input.handle, 0, Math.min(input.size, HEAD_READ));

  try {
    const size = imageSize(head);
    if (size.width > 0 && size.height > 0) {
      // Report the size as displayed: EXIF orientations 5–8 turn the picture by 90° (HEIC: irot, read below).
      const swap = format !== 'heic' && (size.orientation ?? 1) >= 5;
      image.width = swap ? size.height : size.width;
      image.height = swap ? size.width : size.height;
    }
  } catch {
    // handled below: no dimensions means the header could not be read
  }
  let largestDeclared = 0;
  if (format === 'heic') {
    // The primary image as displayed (irot applied), not the first ispe image-size finds (often a grid tile or thumbnail).
    const declared = heifDeclaredSize(head);
    if (declared) Object.assign(image, { width: declared.width, height: declared.height });
    largestDeclared = declared?.largestPixels ?? 0;
  }
  if (image.width === undefined && format === 'jpeg' && input.size > head.length) {
    // Large APP segments can push the frame header past the head: walk the segments instead.
    const frame = await jpegFrameSize(input.handle, input.size);
    if (frame) Object.assign(image, frame);
  }

  const exif = await readExif(input, format, head);
  const date = text(exif?.DateTimeOriginal) ?? text(exif?.CreateDate);
  const exifDate = date ? parseTiffDateTime(date) : undefined;
  if (exifDate) image.exifDate = exifDate;
  const make = text(exif?.Make);
  const model = text(exif?.Model);
  const software = text(exif?.Software);
  if (make) image.cameraMake = make;
  if (model) image.cameraModel = model;
  if (software) image.software = software;

  if (image.width !== undefined && image.height !== undefined && Math.max(image.width * image.height, largestDeclared) > MAX_IMAGE_PIXELS) {
    findings.push(finding('IMAGE_TOO_LARGE_TO_READ', input.relPath, { details: { width: image.width, height: image.height, maxPixels: MAX_IMAGE_PIXELS } }));
  }
  if (image.width === undefined) {
    findings.push(finding('IMAGE_UNREADABLE', input.relPath, { details: { reason: 'image header unreadable' } }));
  } else if (!(await looksComplete(input, format))) {
    findings.push(finding('IMAGE_UNREADABLE', input.relPath, {
      message: 'The image is cut short: its end is missing, so part of the picture is lost.',
      details: { reason: 'end marker missing' },
    }));
  }
  return { family: 'image', image, findings };
};
