import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import dicomParser from 'dicom-parser';
import { dicomClinicalDate, slideClinicalDate } from '../../src/classify/dates/index.js';
import { parseAperioDate, parseDicomDate } from '../../src/dates/formats.js';
import { CORPUS_DIR } from '../support/tree.js';
import { corpusAvailable } from '../support/corpus.js';

const today = new Date(2026, 10, 22, 12);

function dicomFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return dicomFiles(full);
    return statSync(full).size < 20_000_000 ? [full] : [];
  });
}

/** StudyDate … ContentDate as the file stores them (DA strings), read with dicom-parser, not our probe. */
function rawDates(file: string): Record<string, string | undefined> | undefined {
  try {
    const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(file)), { untilTag: 'x7fe00010' });
    return {
      study: dataSet.string('x00080020'),
      series: dataSet.string('x00080021'),
      acquisition: dataSet.string('x00080022'),
      content: dataSet.string('x00080023'),
    };
  } catch {
    return undefined; // headless, truncated or deflated samples: not what this test is about
  }
}

describe.skipIf(!corpusAvailable)('real files (../shared/corpus)', () => {
  it('every DICOM date tag in the corpus reads as its own digits, and the study date wins', () => {
    let seen = 0;
    for (const file of dicomFiles(path.join(CORPUS_DIR, 'dicom'))) {
      const raw = rawDates(file);
      if (!raw) continue;
      const iso: Record<string, string | undefined> = {};
      for (const [tag, value] of Object.entries(raw)) {
        if (!value) continue;
        seen++;
        iso[tag] = parseDicomDate(value);
        const digits = value.trim().replace(/\./g, '');
        expect(iso[tag], `${path.basename(file)} ${tag}=${value}`).toBe(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`);
      }
      const chosen = dicomClinicalDate({ studyDate: iso.study, seriesDate: iso.series, acquisitionDate: iso.acquisition, contentDate: iso.content }, today);
      const first = iso.study ?? iso.series ?? iso.acquisition ?? iso.content;
      expect(chosen?.date ?? undefined).toBe(first);
      if (chosen) expect(chosen.source).toBe('dicom-tag');
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('the Aperio sample’s `Date = MM/DD/YY` reads month-first', () => {
    const svs = readFileSync(path.join(CORPUS_DIR, 'slides', 'CMU-1-Small-Region.svs')).toString('latin1');
    const raw = /Date = (\d{2}\/\d{2}\/\d{2})/.exec(svs)?.[1];
    expect(raw).toBeDefined();
    const iso = parseAperioDate(raw as string);
    // 12/29/09: the 29 can only be a day, so the month comes first.
    expect(iso).toBe(`20${(raw as string).slice(6, 8)}-${(raw as string).slice(0, 2)}-${(raw as string).slice(3, 5)}`);
    expect(slideClinicalDate({ scanDate: iso, scanDateRaw: raw }, today)).toMatchObject({ date: iso, source: 'vendor-metadata', kind: 'slide-scan' });
  });
});
