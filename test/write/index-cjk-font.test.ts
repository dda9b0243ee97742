/**
 * CJK names in 00_Index.pdf: drawn with the vendored Noto Sans SC / KR chunks
 * (assets/fonts/) that hold their characters, extractable, and without a
 * FONT_MISSING_GLYPHS finding.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import type { IndexModel } from '../../src/write/index-model.js';
import { renderIndex } from '../../src/write/index-pdf.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 9, 1));
const NAMES = ['王小明', '山田 太郎', 'やまだ たろう', '김민준'];

function model(name: string, others: string[] = []): IndexModel {
  return {
    caseName: 'case-cjk',
    patient: { name, birthDate: '1970-01-01', source: 'case file' },
    questions: others.map((o) => `Name as written elsewhere: ${o}`),
    timeline: [{ date: '2025-01-15', category: 'Pathology report', title: '病理报告 生検 조직검사', extent: '2 pages', packetPath: 'Pathology_2025-01-15.pdf' }],
    missing: [],
    checklist: { id: 'general', title: 'General second opinion' },
    leftOut: 0,
    copiedAsIs: [],
    generatedAt: '2025-10-01 00:00:00 UTC',
    tool: 'casepack test',
  };
}

const strip = (s: string): string => s.normalize('NFC').replace(/[\u200e\u200f\u202a-\u202e\s]/g, '');

describe.skipIf(!hasTool('pdftotext') || !hasTool('pdffonts'))('CJK names in the index', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => { tmp = await makeTempDir(); });
  afterAll(() => tmp.cleanup());

  it('draws Chinese, Japanese (kanji and kana) and Korean names, with every script beside them, and no finding', async () => {
    const others = ['Διονύσιος Παπαδόπουλος', 'Анна Петрова', 'فاطمة السيد', 'अनुराग शर्मा'];
    const file = path.join(tmp.dir, 'index.pdf');
    for (const name of NAMES) {
      const { bytes, missingGlyphs } = await renderIndex(model(name, others), DATE);
      expect(missingGlyphs, name).toEqual([]);
      await writeFile(file, bytes);
      const text = run('pdftotext', [file, '-']).stdout;
      expect(strip(text), name).toContain(strip(name));
      expect(strip(text)).toContain(strip('病理报告 生検 조직검사'));
      for (const other of others.slice(0, 2)) expect(strip(text)).toContain(strip(other));
      // Only chunk subsets are embedded: the SC/KR faces appear as subset fonts.
      expect(run('pdffonts', [file]).stdout).toMatch(/NotoSansCJK-noto-sans-(sc|kr)-\d+-400-normal/);
    }
  });

  it('adds only a few kilobytes per name to the index', async () => {
    const latin = (await renderIndex(model('Wang Xiaoming'), DATE)).bytes.length;
    const cjk = (await renderIndex(model(NAMES.join(' ')), DATE)).bytes.length;
    // Measured: +1 to 3 KB per name, +7 KB for all four (one subset per chunk touched); the bound leaves room.
    expect(cjk - latin).toBeLessThan(80_000);
  });

  it('is byte-identical for the same model and date', async () => {
    const a = Buffer.from((await renderIndex(model('王小明'), DATE)).bytes);
    const b = Buffer.from((await renderIndex(model('王小明'), DATE)).bytes);
    expect(a.equals(b)).toBe(true);
  });

  it('a build whose DICOM names the patient in GB18030 gives no FONT_MISSING_GLYPHS', async () => {
    const root = path.join(tmp.dir, 'case');
    await mkdir(path.join(root, 'CD'), { recursive: true });
    await writeFile(path.join(root, 'CD', 'IM1'), writeDicom({ patientName: '王^小明', specificCharacterSet: 'GB18030', patientId: 'P1', patientBirthDate: '19700101', studyDate: '20250115', rows: 4, columns: 4, pixelData: { length: 32 } }));
    const result = await buildPacket(root, { output: path.join(tmp.dir, 'packet.zip') });
    expect(result.written).toBe(true);
    expect(result.findings.map((f) => f.code)).not.toContain('FONT_MISSING_GLYPHS');
  });
});
