import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPacket } from '../../src/pipeline/build.js';
import type { IndexModel } from '../../src/write/index-model.js';
import { renderIndex } from '../../src/write/index-pdf.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

const DATE = new Date(Date.UTC(2025, 9, 1));

function model(name: string, title = 'CT chest'): IndexModel {
  return {
    caseName: 'case-001',
    patient: { name, birthDate: '1970-01-01', source: 'DICOM' },
    questions: ['Is surgery still an option?'],
    timeline: [{ date: '2025-01-15', category: 'Imaging (DICOM)', title, extent: '1 series', packetPath: 'Imaging/2025-01-15_CT' }],
    missing: [],
    checklist: { id: 'general', title: 'General second opinion' },
    leftOut: 0,
    copiedAsIs: [],
    generatedAt: '2025-10-01 00:00:00 UTC',
    tool: 'casepack test',
  };
}

describe('characters the index cannot draw', () => {
  // Thai: no bundled face draws it (CJK now has faces: test/write/index-cjk-font.test.ts).
  it('names the field and the characters drawn as "?"', async () => {
    const { missingGlyphs } = await renderIndex(model('สม ชาย Wang', 'ทรวงอก CT'), DATE);
    expect(missingGlyphs).toEqual([
      { field: 'patient name', characters: ['ส', 'ม', 'ช', 'า', 'ย'] },
      { field: 'timeline: Imaging/2025-01-15_CT', characters: ['ท', 'ร', 'ว', 'ง', 'อ', 'ก'] },
    ]);
  });

  it('reports nothing for the scripts the bundled fonts cover', async () => {
    for (const name of ['José Núñez-Ölander', 'فاطمة السيد', 'Анна Петрова', 'अनुराग शर्मा', 'Διονυσιος']) {
      expect((await renderIndex(model(name), DATE)).missingGlyphs, name).toEqual([]);
    }
  });
});

describe('a build whose patient has a name in a script no bundled face draws', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => { tmp = await makeTempDir(); });
  afterEach(() => tmp.cleanup());

  async function build(patientName: string, specificCharacterSet: string) {
    const root = path.join(tmp.dir, 'case');
    await mkdir(path.join(root, 'CD'), { recursive: true });
    await writeFile(path.join(root, 'CD', 'IM1'), writeDicom({ patientName, specificCharacterSet, patientId: 'P1', patientBirthDate: '19700101', studyDate: '20250115', rows: 4, columns: 4, pixelData: { length: 32 } }));
    return buildPacket(root, { output: path.join(tmp.dir, 'packet.zip') });
  }

  it('warns with FONT_MISSING_GLYPHS instead of a silent "?????" (Thai, UTF-8 file)', async () => {
    const result = await build('สมชาย', 'ISO_IR 192');
    const warning = result.findings.find((f) => f.code === 'FONT_MISSING_GLYPHS');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('patient name (สมชาย)');
    expect(warning?.details).toEqual({ fields: [{ field: 'patient name', characters: 'สมชาย' }] });
  });

  it('says nothing when the alphabetic group is shown (PS3.5 I.2 Korean name, ISO 2022)', async () => {
    const result = await build('Hong^Gildong=洪^吉洞=홍^길동', '\\ISO 2022 IR 149');
    expect(result.written).toBe(true);
    expect(result.findings.map((f) => f.code)).not.toContain('FONT_MISSING_GLYPHS');
  });
});
