import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imagesToPdf, photographPage, renderPdfPages, scanCopy } from '../../tools/synth/degrade.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { scanCase } from '../../src/index.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const spec = { title: 'Histopathology Report', sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma, grade 2.'] }] };

describe('degraded copies (tools/synth/degrade)', () => {
  it('renders the text of a born-digital page (standard fonts drawn), so a scan has something to read', async () => {
    const [png] = await renderPdfPages(await makeReportPdf(spec), 72, 1);
    const { data, info } = await sharp(png!).flatten({ background: '#fff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
    const dark = data.filter((v) => v < 100).length;
    expect(info.width).toBe(595);
    expect(dark).toBeGreaterThan(500);
  });

  it('makes an image-only PDF deterministically: same seed, same bytes; the probe finds no text in it', async () => {
    const pdf = await makeReportPdf(spec);
    const a = await scanCopy(pdf, { dpi: 100, seed: 3 });
    const b = await scanCopy(pdf, { dpi: 100, seed: 3 });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    const skew = Math.abs(a.pages[0]!.skewDegrees);
    expect(skew).toBeGreaterThanOrEqual(0.5);
    expect(skew).toBeLessThanOrEqual(3);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'casepack-degrade-'));
    try {
      await writeFile(path.join(dir, 'scan.pdf'), a.pdf);
      const scan = await scanCase(dir, { archives: false, ocr: { enabled: false } });
      expect(scan.findings.filter((f) => f.paths.includes('scan.pdf')).map((f) => f.code)).toContain('PDF_NO_TEXT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sizes each PDF page so its image is at the stated dpi', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 600, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const text = Buffer.from(await imagesToPdf([jpeg], 300)).toString('latin1');
    expect(text).toMatch(/\/MediaBox \[ ?0 0 72 144 ?\]/);
  });

  it('photographs a page on a background, and some photos are stored sideways with an EXIF orientation', async () => {
    const [png] = await renderPdfPages(await makeReportPdf(spec), 100, 1);
    const orientations = new Set<number | undefined>();
    for (const seed of [1, 2, 5, 9, 11, 13]) {
      const { jpeg, info } = await photographPage(png!, seed);
      const meta = await sharp(jpeg).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.orientation).toBe(info.exifOrientation);
      orientations.add(info.exifOrientation);
    }
    expect(orientations.size).toBeGreaterThan(1);
  }, 60_000);
});
