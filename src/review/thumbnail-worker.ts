import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { sniff } from '../probe/sniff.js';
import { HEAD_BYTES, readAt } from '../probe/types.js';
import { WORKER_READY } from '../util/worker-pool.js';
import { exhaustHeap, stallThread } from '../util/worker.js';
import { dicomThumbnail } from './thumb-dicom.js';
import { imageThumbnail } from './thumb-image.js';
import { pdfThumbnail } from './thumb-pdf.js';
import { slideThumbnail } from './thumb-slide.js';
import type { Thumbnail, ThumbnailRequest } from './thumbnail-types.js';

/**
 * One thumbnail worker (started by the pool in thumbnails.ts under a heap
 * limit and a time limit): it opens the case's file itself, decodes it and
 * posts back a small re-encoded picture. Every decoder of untrusted bytes
 * (pdf.js, libtiff, libjpeg, libheif, dicom-parser) runs here, never on the
 * main thread that serves the review page.
 */

export interface ThumbnailJob {
  id: number;
  file: string;
  family: ThumbnailRequest['family'];
  maxSide: number;
  prefer?: 'label' | 'thumbnail';
  /** Test hook: block this thread this long first, as a file that makes a decoder spin would. */
  stallMs?: number;
  /** Test hook: fill the heap until the worker's limit stops it. */
  exhaustHeap?: boolean;
}

export interface ThumbnailReply {
  id: number;
  thumbnail: Thumbnail | null;
  /** Why there is none (for diagnostics; never shown as is). */
  reason?: string;
}

/** What the file's first bytes say it is: the family scan gave decides only between readings of the same bytes. */
async function sniffFile(file: string): Promise<ReturnType<typeof sniff>> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    return sniff(await readAt(handle, 0, Math.min(size, HEAD_BYTES)), size, file);
  } finally {
    await handle.close();
  }
}

export async function makeThumbnail(job: Omit<ThumbnailJob, 'id'>): Promise<Thumbnail | null> {
  if (job.stallMs) stallThread(job.stallMs);
  if (job.exhaustHeap) exhaustHeap();
  const kind = await sniffFile(job.file);
  switch (kind) {
    case 'pdf': return pdfThumbnail(job.file, job.maxSide);
    case 'dicom': case 'dicom-headless': return dicomThumbnail(job.file, job.maxSide);
    // A slide's level 0 is far too big to decode: only its own small pictures are shown. A scanned document's
    // first page is an image; one too big for the pixel cap may still hold a small page or level of its own.
    case 'tiff': return job.family === 'slide'
      ? slideThumbnail(job.file, job.maxSide, job.prefer)
      : imageThumbnail(job.file, job.maxSide).catch(() => slideThumbnail(job.file, job.maxSide, job.prefer));
    case 'image': return imageThumbnail(job.file, job.maxSide);
    default: return null;
  }
}

/** pdf.js and libheif print warnings about odd files: meaningless to a user, and the pool does not drain this thread's output. */
function silenceConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;
}

if (parentPort) silenceConsole();
parentPort?.on('message', (job: ThumbnailJob) => {
  void makeThumbnail(job).then(
    (thumbnail) => parentPort?.postMessage({ id: job.id, thumbnail } satisfies ThumbnailReply, thumbnail ? [thumbnail.bytes.buffer as ArrayBuffer] : []),
    (err: unknown) => parentPort?.postMessage({ id: job.id, thumbnail: null, reason: err instanceof Error ? err.message.slice(0, 200) : 'not decoded' } satisfies ThumbnailReply),
  );
});
parentPort?.postMessage(WORKER_READY);
