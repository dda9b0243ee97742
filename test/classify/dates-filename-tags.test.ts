import { describe, expect, it } from 'vitest';
import { dicomClinicalDate, slideClinicalDate } from '../../src/classify/dates/index.js';
import { filenameDate } from '../../src/classify/dates/filename.js';

const today = new Date(2026, 10, 22, 12);

describe('dates in file names', () => {
  it.each([
    ['IMG-20251003-WA0007.jpg', '2025-10-03', 'whatsapp-received', true],
    ['chats/DOC-20251003-WA0012.pdf', '2025-10-03', 'whatsapp-received', true],
    ['IMG_20251003_101522.jpg', '2025-10-03', 'photo-taken', true],
    ['PXL_20251003_101522123.jpg', '2025-10-03', 'photo-taken', true],
    ['20251003_101522.jpg', '2025-10-03', 'photo-taken', true],
    ['Screenshot_2025-10-03-10-15-22.png', '2025-10-03', 'screenshot', true],
    ['Scan_2025-10-03.pdf', '2025-10-03', 'scan-date', true],
    ['scanned 20251003.pdf', '2025-10-03', 'scan-date', true],
    ['CT chest 2025-10-05.pdf', '2025-10-05', 'filename', false],
    ['pathology_20250912.pdf', '2025-09-12', 'filename', false],
    ['PET 12 Sep 2025.pdf', '2025-09-12', 'filename', false],
    ['biopsy_12-Sep-2025.pdf', '2025-09-12', 'filename', false],
    ['labs 25.09.2025.pdf', '2025-09-25', 'filename', false],
  ] as const)('%s → %s (%s)', (name, iso, kind, weak) => {
    expect(filenameDate(name, undefined, today)).toMatchObject({ iso, kind, weak });
  });

  it('gives both readings of an ambiguous name unless the order is known', () => {
    expect(filenameDate('ct 03.04.2025.pdf', undefined, today)).toMatchObject({ readings: ['2025-04-03', '2025-03-04'] });
    expect(filenameDate('ct 03.04.2025.pdf', 'DMY', today)).toMatchObject({ iso: '2025-04-03' });
  });

  it('finds nothing in names without a date, or with impossible ones', () => {
    for (const name of ['report.pdf', 'IMG-20251399-WA0001.jpg', 'UHID 20231187.pdf', 'scan 0001.pdf', 'CT_series_3.dcm']) {
      expect(filenameDate(name, undefined, today), name).toBeUndefined();
    }
  });

  it('tells pages of a split scan from whole files', () => {
    expect(filenameDate('Scan_2025-10-03_page2.pdf', undefined, today)?.splitPage).toBe(true);
    expect(filenameDate('Scan_2025-10-03_p2.pdf', undefined, today)?.splitPage).toBe(true);
    expect(filenameDate('Scan_2025-10-03 (2).pdf', undefined, today)?.splitPage).toBe(true);
    expect(filenameDate('Scan_2025-10-03.pdf', undefined, today)?.splitPage).toBe(false);
    expect(filenameDate('IMG-20251003-WA0007.jpg', undefined, today)?.splitPage).toBe(false);
  });
});

describe('dates from DICOM tags and slide scanners', () => {
  it('takes StudyDate, then SeriesDate, AcquisitionDate, ContentDate', () => {
    const all = { studyDate: '2025-10-05', seriesDate: '2025-10-06', acquisitionDate: '2025-10-07', contentDate: '2025-10-08' };
    expect(dicomClinicalDate(all, today)).toMatchObject({ date: '2025-10-05', source: 'dicom-tag', kind: 'study-date' });
    expect(dicomClinicalDate({ ...all, studyDate: undefined }, today)).toMatchObject({ date: '2025-10-06', kind: 'series-date' });
    expect(dicomClinicalDate({ acquisitionDate: '2025-10-07', contentDate: '2025-10-08' }, today)).toMatchObject({ date: '2025-10-07', kind: 'acquisition-date' });
    expect(dicomClinicalDate({ contentDate: '2025-10-08' }, today)).toMatchObject({ date: '2025-10-08', kind: 'content-date' });
    expect(dicomClinicalDate({}, today)).toBeNull();
  });
  it('skips placeholder and future dates to the next tag', () => {
    expect(dicomClinicalDate({ studyDate: '1900-01-01', seriesDate: '2025-10-06' }, today)?.date).toBe('2025-10-06');
    expect(dicomClinicalDate({ studyDate: '2031-01-01', contentDate: '2025-10-08' }, today)?.date).toBe('2025-10-08');
  });
  it('trusts StudyDate more than its stand-ins', () => {
    const study = dicomClinicalDate({ studyDate: '2025-10-05' }, today)?.confidence ?? 0;
    const content = dicomClinicalDate({ contentDate: '2025-10-05' }, today)?.confidence ?? 0;
    expect(study).toBeGreaterThan(content);
  });
  it('a slide scan date is a low-confidence fallback (the glass is scanned after the biopsy)', () => {
    const result = slideClinicalDate({ scanDate: '2024-03-15', scanDateRaw: '03/15/24' }, today);
    expect(result).toMatchObject({ date: '2024-03-15', source: 'vendor-metadata' });
    expect(result?.confidence).toBeLessThanOrEqual(0.5);
    expect(slideClinicalDate({}, today)).toBeNull();
  });
});
