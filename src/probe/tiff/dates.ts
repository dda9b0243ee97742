/**
 * Vendor date strings → ISO dates. Each vendor writes its own shape; a value
 * that is not a real calendar date gives undefined rather than a guess.
 */

function iso(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Aperio `Date = MM/DD/YY` (always month first; two-digit years are 20xx up to 69, then 19xx). */
export function parseAperioDate(raw: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return undefined;
  let year = Number(m[3]);
  if (m[3]?.length === 2) year += year <= 69 ? 2000 : 1900;
  return iso(year, Number(m[1]), Number(m[2]));
}

/** TIFF DateTime `YYYY:MM:DD HH:MM:SS` (some writers use dashes). */
export function parseTiffDateTime(raw: string): string | undefined {
  const m = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})/.exec(raw);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** ISO 8601 timestamps (`2012-05-02T14:13:49.35Z`, OME AcquisitionDate). */
export function parseIsoTimestamp(raw: string): string | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** DICOM DA/DT `YYYYMMDD…` (Philips DICOM_ACQUISITION_DATETIME). */
export function parseDicomDateTime(raw: string): string | undefined {
  const m = /^\s*(\d{4})(\d{2})(\d{2})/.exec(raw);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}
