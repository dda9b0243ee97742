import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookAtCaseFolders } from '../../src/cli/tiering.js';
import { configurePdfDecoding, pdfDecodeWorkerCount, warmPdfDecoding } from '../../src/probe/pdf/decode.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Issue 15: `casepack build` starts the PDF decode worker before its modules load when the case folder holds a
 * PDF, looking (breadth first, a bounded number of entries: cli/tiering.ts `lookAtCaseFolders`) for one; a case without one, or words that are not
 * folders (the packet path, a checklist id), start nothing. The folder is only read.
 */
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  temp = await makeTempDir('casepack-pdf-warm-');
  await mkdir(path.join(temp.dir, 'with', 'letters', '2025'), { recursive: true });
  await writeFile(path.join(temp.dir, 'with', 'notes.txt'), 'notes');
  await writeFile(path.join(temp.dir, 'with', 'letters', '2025', 'Letter.PDF'), '%PDF-1.4\n');
  await mkdir(path.join(temp.dir, 'without', 'DICOM'), { recursive: true });
  for (let i = 0; i < 30; i++) await writeFile(path.join(temp.dir, 'without', 'DICOM', `IM${i}`), 'x');
  await mkdir(path.join(temp.dir, 'deep'), { recursive: true });
  for (let i = 0; i < 450; i++) await writeFile(path.join(temp.dir, 'deep', `IM${String(i).padStart(4, '0')}`), 'x');
  // Breadth first: the 450 files above are all looked at before this subfolder, whatever order the folder lists them in.
  await mkdir(path.join(temp.dir, 'deep', 'reports'));
  await writeFile(path.join(temp.dir, 'deep', 'reports', 'report.pdf'), '%PDF-1.4\n');
});
// The pool is the module's: another test file in the same thread may have left workers in it.
beforeEach(async () => { await configurePdfDecoding('defaults'); });
afterEach(async () => { await configurePdfDecoding('defaults'); });
afterAll(async () => { await temp.cleanup(); });

describe('starting the decode worker before a build\'s modules load', () => {
  it('starts it for a case folder with a PDF in a subfolder, and leaves the folder as it was', async () => {
    const before = await hashTree(path.join(temp.dir, 'with'));
    expect(pdfDecodeWorkerCount()).toBe(0);
    await lookAtCaseFolders(['/no/such/packet.zip', path.join(temp.dir, 'with')], warmPdfDecoding);
    expect(pdfDecodeWorkerCount()).toBe(1);
    expect(await hashTree(path.join(temp.dir, 'with'))).toBe(before);
  });

  it('starts nothing for a case without a PDF, for words that are not folders, or past the entries it looks at', async () => {
    await lookAtCaseFolders([path.join(temp.dir, 'without'), 'general', path.join(temp.dir, 'with', 'notes.txt')], warmPdfDecoding);
    expect(pdfDecodeWorkerCount()).toBe(0);
    await lookAtCaseFolders([path.join(temp.dir, 'deep')], warmPdfDecoding);
    expect(pdfDecodeWorkerCount()).toBe(0);
  });
});
