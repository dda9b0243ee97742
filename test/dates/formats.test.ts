import { describe, expect, it } from 'vitest';
import { parseAperioDate, parseDicomDate, parseIsoTimestamp, parseMiraxDate, parseTiffDateTime, pdfDateToIso, tiffDateTimeToTimestamp } from '../../src/dates/formats.js';

// One describe per wire format; the DICOM and Aperio cases were tested twice before (probe and classifier copies).

describe('parseDicomDate (DICOM DA/DT, the DICOM probe and Philips TIFF)', () => {
  it('reads YYYYMMDD and the legacy YYYY.MM.DD', () => {
    expect(parseDicomDate('20250912')).toBe('2025-09-12');
    expect(parseDicomDate('2025.09.12')).toBe('2025-09-12');
  });
  it('tolerates DICOM padding', () => {
    expect(parseDicomDate('20250912 ')).toBe('2025-09-12');
    expect(parseDicomDate('20250912\0')).toBe('2025-09-12');
  });
  it('is strict about the calendar and the shape', () => {
    expect(parseDicomDate('20250231')).toBeUndefined();
    expect(parseDicomDate('20251301')).toBeUndefined();
    expect(parseDicomDate('2025-09-12')).toBeUndefined();
    expect(parseDicomDate('2025912')).toBeUndefined();
    expect(parseDicomDate('')).toBeUndefined();
    expect(parseDicomDate(undefined)).toBeUndefined();
  });
  it('reads the leading date of a longer value, as the DICOM probe always did', () => {
    // The unused classifier copy refused a range `20250912-20250913`; production reads its first date.
    expect(parseDicomDate('20250912-20250913')).toBe('2025-09-12');
  });
  it('knows leap years', () => {
    expect(parseDicomDate('20240229')).toBe('2024-02-29');
    expect(parseDicomDate('20250229')).toBeUndefined();
  });

  it.each([
    ['20250912', '2025-09-12'],
    ['2025.09.12', '2025-09-12'],
    ['20240229', '2024-02-29'],
    ['20000229', '2000-02-29'],
    [' 20250101 ', '2025-01-01'],
    ['20250912123000', '2025-09-12'],
  ])('%s -> %s', (raw, iso) => expect(parseDicomDate(raw)).toBe(iso));

  it.each(['20230229', '19000229', '20251301', '20250431', '20250100', '00000000', '18000101', 'UNKNOWN', '2025-09', ''])('rejects %s', (raw) => {
    expect(parseDicomDate(raw)).toBeUndefined();
  });

  it('reads a Philips DICOM_ACQUISITION_DATETIME (DT)', () => {
    expect(parseDicomDate('20220309143000.000000')).toBe('2022-03-09');
  });
});

describe('parseAperioDate', () => {
  it('reads MM/DD/YY month-first', () => {
    expect(parseAperioDate('03/15/24')).toBe('2024-03-15');
    expect(parseAperioDate('12/01/23')).toBe('2023-12-01');
  });
  it('rejects day-first values and non-dates', () => {
    expect(parseAperioDate('15/03/24')).toBeUndefined();
    expect(parseAperioDate('02/30/24')).toBeUndefined();
    expect(parseAperioDate('3/15/24 extra')).toBeUndefined();
  });
  it('two-digit years: up to 69 are 20xx, later ones 19xx; one-digit parts and four-digit years are read', () => {
    expect(parseAperioDate('12/31/99')).toBe('1999-12-31');
    expect(parseAperioDate('01/01/69')).toBe('2069-01-01');
    expect(parseAperioDate('01/01/70')).toBe('1970-01-01');
    expect(parseAperioDate('3/5/24')).toBe('2024-03-05');
    expect(parseAperioDate('03/15/2024')).toBe('2024-03-15');
  });
});

describe('TIFF DateTime', () => {
  it('parseTiffDateTime: the calendar date, colons or dashes', () => {
    expect(parseTiffDateTime('2021:06:30 08:00:00')).toBe('2021-06-30');
    expect(parseTiffDateTime('2021-06-30 08:00:00')).toBe('2021-06-30');
    expect(parseTiffDateTime('2021:02:30 08:00:00')).toBeUndefined();
    expect(parseTiffDateTime('0000:00:00 00:00:00')).toBeUndefined();
  });
  it('tiffDateTimeToTimestamp: an ISO local timestamp, shape checked', () => {
    expect(tiffDateTimeToTimestamp('2024:05:06 07:08:09')).toBe('2024-05-06T07:08:09');
    expect(tiffDateTimeToTimestamp(' 2024-05-06T07:08:09 ')).toBe('2024-05-06T07:08:09');
    expect(tiffDateTimeToTimestamp('2024:05:06')).toBeUndefined();
  });
});

describe('parseIsoTimestamp', () => {
  it('reads the date of an ISO timestamp and refuses impossible or implausible ones', () => {
    expect(parseIsoTimestamp('2012-05-02T14:13:49.35Z')).toBe('2012-05-02');
    expect(parseIsoTimestamp('2012-02-30')).toBeUndefined();
    expect(parseIsoTimestamp('1850-01-01')).toBeUndefined();
  });
});

describe('pdfDateToIso', () => {
  it('keeps the calendar date as written, whatever the time zone', () => {
    expect(pdfDateToIso("D:20250912003000+02'00'")).toBe('2025-09-12');
    expect(pdfDateToIso('D:20240229')).toBe('2024-02-29');
    expect(pdfDateToIso('20231231235959Z')).toBe('2023-12-31');
  });

  it('refuses partial and impossible dates', () => {
    expect(pdfDateToIso('D:2025')).toBeUndefined();
    expect(pdfDateToIso('D:20230229')).toBeUndefined();
    expect(pdfDateToIso('D:20251301')).toBeUndefined();
    expect(pdfDateToIso('yesterday')).toBeUndefined();
    expect(pdfDateToIso(undefined)).toBeUndefined();
  });
});

describe('parseMiraxDate', () => {
  it('dates: ISO kept, unambiguous slash dates read, ambiguous ones left out', () => {
    expect(parseMiraxDate('2012.04.23 10:10:03')).toBe('2012-04-23');
    expect(parseMiraxDate('23/04/2012 10:10:03')).toBe('2012-04-23');
    expect(parseMiraxDate('04/23/2012')).toBe('2012-04-23');
    expect(parseMiraxDate('03/04/2012')).toBeUndefined();
    expect(parseMiraxDate('31/02/2012')).toBeUndefined();
  });
});
