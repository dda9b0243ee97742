import path from 'node:path';
import type { DateOrder } from '../../casefile/schema.js';
import { findDateMentions } from './candidates.js';
import { normaliseDateToken } from './tokens.js';

/**
 * A date in a file's name. A name a person gave ("CT chest 2025-10-05.pdf")
 * is a fair hint; a name a device gave (WhatsApp, phone camera, scanner,
 * screenshot) records when the file was made or received, not when the
 * clinical event happened, so it is weaker still.
 */
export interface FilenameDate {
  iso?: string;
  readings?: [string, string];
  /** `filename` for a person's name, else what the device's date means. */
  kind: 'filename' | 'whatsapp-received' | 'photo-taken' | 'screenshot' | 'scan-date';
  weak: boolean;
  /** The file looks like one page of a split scan (`scan_p2`, `page 3`, `(2)`): a scan date is then shared by all pages. */
  splitPage: boolean;
  raw: string;
}

interface DevicePattern { kind: FilenameDate['kind']; pattern: RegExp }

// The date group is 8 digits (yyyyMMdd) or ISO with dashes/underscores.
const DEVICE_PATTERNS: readonly DevicePattern[] = [
  { kind: 'whatsapp-received', pattern: /^(?:IMG|VID|AUD|PTT|DOC|STK)-(\d{8})-WA\d+/i },
  { kind: 'photo-taken', pattern: /^(?:IMG|PXL|VID|MVIMG|PANO|DSC|Photo)[_-]?(\d{8})[_-]\d{4,}/i },
  { kind: 'photo-taken', pattern: /^(\d{8})[_-]\d{6}/ },
  { kind: 'screenshot', pattern: /^Screenshot[\s_-]*(?:from[\s_-]*)?(\d{4}[-_]\d{2}[-_]\d{2}|\d{8})/i },
  { kind: 'scan-date', pattern: /\b(?:scan(?:ned)?|camscanner|scanner|img|document|doc)[\s_-]*(\d{4}[-_.]\d{2}[-_.]\d{2}|\d{8})/i },
];

const SPLIT_PAGE = /(?:^|[^a-z])(?:p|pg|page)[\s_-]*\d{1,3}(?!\d)|\(\d{1,3}\)$|[_\s-]\d{1,3}$/i;

function isoFromDigits(value: string): string | undefined {
  const digits = value.replace(/[-_.]/g, '');
  return /^(?:19|20)\d{6}$/.test(digits) ? normaliseDateToken(digits).iso : undefined;
}

export function filenameDate(filename: string, order: DateOrder | undefined, today: Date): FilenameDate | undefined {
  const stem = path.posix.basename(filename.replace(/\\/g, '/')).replace(/\.[^.]+(?:\.gz)?$/, '');
  // Judged without the date itself, whose last digits would look like a page number.
  const isSplitPage = (raw: string): boolean => SPLIT_PAGE.test(stem.replace(raw, '').trim());

  for (const device of DEVICE_PATTERNS) {
    const match = device.pattern.exec(stem);
    const iso = match ? isoFromDigits(match[1] as string) : undefined;
    if (match && iso) return { iso, kind: device.kind, weak: true, splitPage: isSplitPage(match[1] as string), raw: match[0] };
  }

  // A compact yyyyMMdd between separators (chrono does not read it).
  const compact = /(?<!\d)((?:19|20)\d{6})(?!\d)/.exec(stem);
  const compactIso = compact ? isoFromDigits(compact[1] as string) : undefined;
  if (compact && compactIso) return { iso: compactIso, kind: 'filename', weak: false, splitPage: isSplitPage(compact[1] as string), raw: compact[1] as string };

  // Everything else through the same finder as document text, with `_` read as a space.
  const mention = findDateMentions(stem.replace(/_/g, ' '), today).find((m) => m.iso || m.readings);
  if (!mention) return undefined;
  const splitPage = isSplitPage(mention.raw.replace(/ /g, '_')) || isSplitPage(mention.raw);
  if (mention.readings && order) {
    const iso = normaliseDateToken(mention.raw, order, today).iso;
    if (iso) return { iso, kind: 'filename', weak: false, splitPage, raw: mention.raw };
  }
  return { ...(mention.iso ? { iso: mention.iso } : {}), ...(mention.readings ? { readings: mention.readings } : {}), kind: 'filename', weak: false, splitPage, raw: mention.raw };
}
