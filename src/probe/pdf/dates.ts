/**
 * PDF date strings (`D:YYYYMMDDHHmmSSOHH'mm'`) to ISO calendar dates.
 *
 * The calendar date is taken as written, in the writer's own time zone:
 * converting to UTC first would move a report written at 00:30 in Berlin to
 * the previous day.
 */
export function pdfDateToIso(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const match = /^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(raw);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  // Only a full date is worth reporting; a year alone would invent a day.
  if (match[2] === undefined || match[3] === undefined) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}
