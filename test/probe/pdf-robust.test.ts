import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfInfoSchema } from '../../src/model/scan.js';
import { probePdfBytes } from '../../src/probe/pdf/index.js';
import { makeReportPdf, makeScannedPdf } from '../../tools/synth/report-pdf.js';

/**
 * Damaged copies are the normal case in patient folders: whatever the bytes,
 * the probe answers with a valid PdfInfo and findings, never an exception.
 */
describe('probePdfBytes on damaged copies', () => {
  let report: Uint8Array;
  let scan: Uint8Array;
  beforeAll(async () => {
    report = await makeReportPdf({ title: 'Pathology report', sections: [{ heading: 'Diagnosis', blocks: ['Adenocarcinoma. '.repeat(40)] }] });
    scan = await makeScannedPdf({ pages: 2, dpi: 20 });
  });

  const damage = fc.record({
    which: fc.boolean(),
    cutAt: fc.double({ min: 0, max: 1, noNaN: true }),
    flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
  });

  it('returns a schema-valid answer for truncated and bit-flipped PDFs', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async ({ which, cutAt, flips }) => {
        const source = which ? report : scan;
        const bytes = Buffer.from(source.subarray(0, Math.max(1, Math.floor(source.length * cutAt))));
        for (const [where, value] of flips) bytes[Math.floor(where * (bytes.length - 1))] = value;
        const output = await probePdfBytes(bytes, 'damaged.pdf');
        expect(output.family).toBe('pdf');
        expect(PdfInfoSchema.safeParse(output.pdf).success).toBe(true);
        expect(output.findings.map((item) => item.code)).not.toContain('PROBE_FAILED');
        if (cutAt < 0.5) expect(output.pdf?.damaged).toBe(true);
      }),
      { numRuns: 60, seed: 20251022 },
    );
  });
});
