/**
 * Dates as file formats write them → ISO `YYYY-MM-DD`. One parser per wire
 * format, shared by the probes (DICOM tags, slide vendor metadata, EXIF, PDF
 * info) and the classifier. A value that is not a real calendar date gives
 * undefined rather than a guess; validity itself is calendar.ts's one rule.
 *
 * The calendar date is taken as written, in the writer's own time zone:
 * converting to UTC first would move a report written at 00:30 in Berlin to
 * the previous day.
 */
import { DEVICE_YEARS, DICOM_YEARS, expandTwoDigitYearByPivot, isoDate } from './calendar.js';

/**
 * DICOM DA `YYYYMMDD` and the start of DT `YYYYMMDDHHMMSS…` (Philips TIFF's
 * DICOM_ACQUISITION_DATETIME too), also the pre-1993 ACR-NEMA `YYYY.MM.DD`.
 * Padding (spaces, NULs) is tolerated; only the leading date is read.
 */
export function parseDicomDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^\s*(\d{4})\.?(\d{2})\.?(\d{2})/.exec(value);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3]), DICOM_YEARS) : undefined;
}

/** TIFF/EXIF DateTime `YYYY:MM:DD HH:MM:SS` (some writers use dashes): the calendar date. */
export function parseTiffDateTime(raw: string): string | undefined {
  const m = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})/.exec(raw);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3]), DEVICE_YEARS) : undefined;
}

/**
 * TIFF DateTime as an ISO local timestamp `YYYY-MM-DDTHH:MM:SS`, for plain
 * TIFFs' `dateTime`. The shape is checked, the calendar is not (as it always
 * was for this field).
 */
export function tiffDateTimeToTimestamp(raw: string): string | undefined {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}

/** ISO 8601 dates and timestamps (`2012-05-02T14:13:49.35Z`, OME AcquisitionDate, Leica creationDate). */
export function parseIsoTimestamp(raw: string): string | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3]), DEVICE_YEARS) : undefined;
}

/** Aperio ImageDescription `Date = MM/DD/YY` (always month first; one-digit parts and four-digit years occur). */
export function parseAperioDate(raw: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return undefined;
  const yearText = m[3] as string;
  const year = yearText.length === 2 ? expandTwoDigitYearByPivot(Number(yearText)) : Number(yearText);
  return isoDate(year, Number(m[1]), Number(m[2]), DEVICE_YEARS);
}

/** PDF date strings `D:YYYYMMDDHHmmSSOHH'mm'`; only a full date counts (a year alone would invent a day). */
export function pdfDateToIso(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = /^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(raw);
  if (!m || m[2] === undefined || m[3] === undefined) return undefined;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), DEVICE_YEARS);
}

/**
 * MIRAX Slidedat.ini SLIDE_CREATIONDATETIME: ISO when written `YYYY-MM-DD`
 * (or `YYYY.MM.DD`); a slash or dot date only when its day/month order cannot
 * be mistaken (one part above 12).
 */
export function parseMiraxDate(raw: string): string | undefined {
  const isoWritten = parseIsoTimestamp(raw.replace(/^(\d{4})\.(\d{2})\.(\d{2})/, '$1-$2-$3'));
  if (isoWritten) return isoWritten;
  const m = /^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})/.exec(raw);
  if (!m) return undefined;
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [day, month] = a > 12 && b <= 12 ? [a, b] : b > 12 && a <= 12 ? [b, a] : [undefined, undefined];
  if (day === undefined || month === undefined) return undefined;
  return isoDate(year, month, day, DEVICE_YEARS);
}
