import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCase } from '../../src/group/index.js';
import { namesCompatible, normalizeName } from '../../src/group/names.js';
import type { FileEntry } from '../../src/model/scan.js';
import { probeFile } from '../../src/probe/index.js';
import { displayPersonName } from '../../src/util/person-name.js';
import { writeDicom, type DicomWriteOptions } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

/** Synth files through the real probe and group stages. */
async function group(files: Record<string, DicomWriteOptions>) {
  const entries: FileEntry[] = [];
  for (const [index, [rel, options]] of Object.entries(files).sort().entries()) {
    const bytes = writeDicom({ rows: 4, columns: 4, pixelData: { length: 32 }, studyInstanceUid: `1.8.${index}`, sopInstanceUid: `1.8.9.${index}`, ...options });
    const absPath = path.join(dir, rel);
    await mkdir(path.dirname(absPath), { recursive: true });
    await writeFile(absPath, bytes);
    const { findings: _f, ...meta } = await probeFile({ relPath: rel, absPath, size: bytes.length });
    entries.push({ path: rel, size: bytes.length, mtimeMs: 0, ...meta });
  }
  return groupCase(entries, { absPathOf: (rel) => path.join(dir, rel) });
}

describe('displayPersonName (PS3.5 PN: family^given^middle^prefix^suffix)', () => {
  it.each([
    ['Demo^Patient', 'Patient Demo'],
    ['DOE^JOHN^A^DR^', 'DR JOHN A DOE'],
    ['Doe^John^^^Jr', 'John Doe Jr'],
    ['Yamada^Tarou=山田^太郎=やまだ^たろう', 'Tarou Yamada'],
    ['=山田^太郎=やまだ^たろう', '山田 太郎'],
    ['王^小明', '王 小明'],
    ['김희중', '김희중'],
    ['Jane Doe', 'Jane Doe'],
    ['Doe, Jane', 'Doe, Jane'],
  ])('%s → %s', (raw, shown) => {
    expect(displayPersonName(raw)).toBe(shown);
  });
});

describe('names with ideographic and phonetic groups', () => {
  const h31 = 'Yamada^Tarou=山田^太郎=やまだ^たろう';
  const h32 = 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう';

  it('keeps every group for matching and leaves alphabetic-only names as they were', () => {
    expect(normalizeName(h31)).toBe('TAROU YAMADA=太郎 山田=たろう やまた');
    expect(normalizeName('DOE^JOHN')).toBe('DOE JOHN');
  });

  it('matches the PS3.5 H.3.1 and H.3.2 forms of one person, and a plain romanised copy', () => {
    expect(namesCompatible(normalizeName(h31), normalizeName(h32))).toBe(true);
    expect(namesCompatible(normalizeName(h31), normalizeName('YAMADA^TAROU'))).toBe(true);
    expect(namesCompatible(normalizeName('ﾔﾏﾀﾞ^ﾀﾛｳ'), normalizeName('=山田^太郎=ヤマダ^タロウ'))).toBe(true);
    expect(namesCompatible(normalizeName('Yamada^Tarou'), normalizeName('=山田^太郎'))).toBe(true);
  });

  it('still tells two people apart when a shared kind of group differs', () => {
    expect(namesCompatible(normalizeName(h31), normalizeName('Hong^Gildong=洪^吉洞=홍^길동'))).toBe(false);
    expect(namesCompatible(normalizeName('Yamada^Tarou=山田^太郎'), normalizeName('Suzuki^Ichiro=鈴木^一郎'))).toBe(false);
    // Alphabetic scripts always compare, as before: a Cyrillic or numbered name is not "incomparable".
    expect(namesCompatible(normalizeName('Иванов^Пётр'), normalizeName('DOE^JOHN'))).toBe(false);
    expect(namesCompatible(normalizeName('12345'), normalizeName('DOE^JOHN'))).toBe(false);
  });

  it('ISO 2022 files of one patient give no PATIENT_MISMATCH; another patient still does', async () => {
    const base = { patientBirthDate: '19600101', patientId: 'JP-1' };
    const same = await group({
      'a/IM1': { ...base, specificCharacterSet: '\\ISO 2022 IR 87', patientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう' },
      'b/IM2': { ...base, specificCharacterSet: 'ISO 2022 IR 13\\ISO 2022 IR 87', patientName: 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう', patientId: 'OTHER-9' },
      'c/IM3': { ...base, specificCharacterSet: 'ISO_IR 192', patientName: 'YAMADA^TAROU' },
    });
    expect(same.findings.map((f) => f.code)).not.toContain('PATIENT_MISMATCH');
    expect(same.patients).toHaveLength(1);

    const other = await group({
      'a/IM1': { ...base, specificCharacterSet: '\\ISO 2022 IR 87', patientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう' },
      'b/IM2': { ...base, specificCharacterSet: '\\ISO 2022 IR 149', patientName: 'Hong^Gildong=洪^吉洞=홍^길동' },
    });
    const mismatch = other.findings.find((f) => f.code === 'PATIENT_MISMATCH');
    expect(mismatch?.message).toContain('Tarou Yamada');
    expect(mismatch?.message).toContain('Gildong Hong');
  });
});
