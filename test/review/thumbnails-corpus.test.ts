import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeThumbnails, renderThumbnail } from '../../src/review/thumbnails.js';
import type { Thumbnail, ThumbnailRequest } from '../../src/review/thumbnail-types.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR, hashTree } from '../support/tree.js';

/**
 * Thumbnails of real public files (../shared/corpus): what the synthetic
 * fixtures cannot show, such as Aperio's JPEG thumbnail with shared tables,
 * NDPI's macro (one JFIF strip, no YCbCr tags), big-endian and implicit DICOM
 * of the same picture, and pydicom's JPEG Baseline secondary capture.
 */

const at = (relative: string): string => path.join(CORPUS_DIR, relative);

async function thumb(relative: string, family: ThumbnailRequest['family'], prefer?: 'label' | 'thumbnail'): Promise<Thumbnail | null> {
  return renderThumbnail({ file: at(relative), family, ...(prefer ? { prefer } : {}) });
}

/** Not a flat tile: the picture has detail (a black or grey square would have none). */
async function detail(t: Thumbnail): Promise<number> {
  const { channels } = await sharp(t.bytes).stats();
  return Math.max(...channels.slice(0, 3).map((c) => c.stdev));
}

describe.skipIf(!corpusAvailable)('thumbnails of real files', () => {
  let before: string;
  afterAll(async () => {
    await closeThumbnails();
    if (before) expect(await hashTree(CORPUS_DIR)).toBe(before);
  });

  it('the corpus is not changed by reading it', async () => {
    before = await hashTree(CORPUS_DIR);
  });

  it('Aperio CMU-1-Small-Region: its thumbnail by default, its label when asked', async () => {
    const tissue = await thumb('slides/CMU-1-Small-Region.svs', 'slide');
    const label = await thumb('slides/CMU-1-Small-Region.svs', 'slide', 'label');
    expect(tissue && [tissue.width, tissue.height]).toEqual([239, 320]);
    expect(label && [label.width, label.height]).toEqual([267, 320]);
    expect(await detail(tissue as Thumbnail)).toBeGreaterThan(20);
    expect(await detail(label as Thumbnail)).toBeGreaterThan(20);
  });

  it('Hamamatsu NDPI: the lowest level by default, the macro (not a black tile) when the label is asked', async () => {
    const tissue = await thumb('slides/test3-TRITC 2 (560).ndpi', 'slide');
    const macro = await thumb('slides/test3-TRITC 2 (560).ndpi', 'slide', 'label');
    expect(tissue && [tissue.width, tissue.height]).toEqual([261, 320]);
    expect(macro && [macro.width, macro.height]).toEqual([320, 109]);
    expect(await detail(macro as Thumbnail)).toBeGreaterThan(20);
  });

  it('DICOM WSI: the label instance is shown, a tiled level is not', async () => {
    const label = await thumb('dicom/wsi_BPAEC/2', 'slide');
    expect(label && [label.width, label.height]).toEqual([320, 244]);
    expect(await thumb('dicom/wsi_BPAEC/12_0', 'slide')).toBeNull();
  });

  it('CT_small (signed 16-bit) and pydicom\'s RGB JPEG Baseline', async () => {
    const ct = await thumb('dicom/CT_small.dcm', 'dicom');
    expect(ct && [ct.width, ct.height, ct.mime]).toEqual([128, 128, 'image/png']);
    expect(await detail(ct as Thumbnail)).toBeGreaterThan(20);
    const rgb = await thumb('dicom/SC_rgb_jpeg_dcmtk.dcm', 'dicom');
    expect(rgb && [rgb.width, rgb.height]).toEqual([100, 100]);
  });

  it('pydicom\'s deflated image (the parser inflates only what it first read)', async () => {
    const t = await thumb('dicom/image_dfl.dcm', 'dicom');
    expect(t && [t.width, t.height]).toEqual([320, 320]);
    expect(await detail(t as Thumbnail)).toBeGreaterThan(20);
  });

  it('the same MR image, big endian and implicit little endian, gives the same picture', async () => {
    const big = await thumb('dicom/MR_small_bigendian.dcm', 'dicom');
    const little = await thumb('dicom/MR_small_implicit.dcm', 'dicom');
    expect(big && little).toBeTruthy();
    const a = await sharp((big as Thumbnail).bytes).greyscale().raw().toBuffer();
    const b = await sharp((little as Thumbnail).bytes).greyscale().raw().toBuffer();
    expect(a.length).toBe(64 * 64);
    expect(a.equals(b)).toBe(true);
    expect(await detail(big as Thumbnail)).toBeGreaterThan(20);
  });

  it.each([
    ['12-bit JPEG (extended)', 'dicom/JPEG-lossy.dcm'],
    ['JPEG 2000', 'dicom/MR_small_jp2klossless.dcm'],
    ['RLE', 'dicom/MR_small_RLE.dcm'],
    ['a structured report', 'dicom/test-SR.dcm'],
  ])('no cheap picture: %s gives null', async (_label, relative) => {
    expect(await thumb(relative, 'dicom')).toBeNull();
  });

  it('PDFs: a paper\'s first page; a PDF that needs a password gives null', async () => {
    const paper = await thumb('pdf/tracemonkey.pdf', 'pdf');
    expect(paper && [paper.width, paper.height]).toEqual([247, 320]);
    expect(await detail(paper as Thumbnail)).toBeGreaterThan(10);
    expect(await thumb('pdf/issue6010_1_userpw_abc.pdf', 'pdf')).toBeNull();
  });
});
