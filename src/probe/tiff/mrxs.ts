/**
 * MIRAX (3DHistech) slides: a `.mrxs` file plus a folder of the same name
 * holding `Slidedat.ini` and the data files it lists. The slide is only
 * usable with the folder, so its absence is the main thing to report.
 * Reads: one directory listing and the first bytes of Slidedat.ini.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { SlideInfo } from '../../model/scan.js';
import type { Probe } from '../types.js';
import { parseIsoTimestamp } from './dates.js';

/** Slidedat.ini is a few kilobytes; more than this is not a Slidedat.ini. */
const SLIDEDAT_MAX_BYTES = 256 * 1024;

export type IniSections = Map<string, Map<string, string>>;

/** A forgiving INI reader: `[SECTION]`, `KEY = value`, BOM and CRLF tolerated, keys upper-cased. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current = new Map<string, string>();
  sections.set('', current);
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      current = sections.get(header[1].toUpperCase()) ?? new Map<string, string>();
      sections.set(header[1].toUpperCase(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current.set(line.slice(0, eq).trim().toUpperCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/**
 * MIRAX creation date: ISO when written `YYYY-MM-DD`; a slash date only when
 * its day/month order cannot be mistaken (one part above 12). Raw kept always.
 */
export function parseMiraxDate(raw: string): string | undefined {
  const isoDate = parseIsoTimestamp(raw.replace(/^(\d{4})\.(\d{2})\.(\d{2})/, '$1-$2-$3'));
  if (isoDate) return isoDate;
  const m = /^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})/.exec(raw);
  if (!m) return undefined;
  const [a, b, year] = [Number(m[1]), Number(m[2]), m[3] as string];
  const [day, month] = a > 12 && b <= 12 ? [a, b] : b > 12 && a <= 12 ? [b, a] : [undefined, undefined];
  if (day === undefined || month === undefined) return undefined;
  return parseIsoTimestamp(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

export const probeMrxs: Probe = async (input) => {
  const { relPath, absPath } = input;
  const slide: SlideInfo = { vendor: 'mirax', container: 'mrxs' };
  const findings: Finding[] = [];
  const folder = absPath.replace(/\.mrxs$/i, '');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return { family: 'slide', slide, findings: [finding('MRXS_MISSING_FOLDER', relPath, { details: { expectedFolder: path.basename(folder) } })] };
  }
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const slidedatName = lower.get('slidedat.ini');
  if (!slidedatName) {
    return { family: 'slide', slide, findings: [finding('MRXS_MISSING_FOLDER', relPath, { message: 'The data folder of this MIRAX (.mrxs) slide has no Slidedat.ini: the slide cannot be opened.', details: { missing: ['Slidedat.ini'] } })] };
  }
  let text: string;
  try {
    const handle = await open(path.join(folder, slidedatName), 'r');
    try {
      const buf = Buffer.alloc(SLIDEDAT_MAX_BYTES);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      text = buf.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return { family: 'slide', slide, findings: [finding('TIFF_UNREADABLE', relPath, { message: 'The Slidedat.ini of this MIRAX slide could not be read.' })] };
  }
  const ini = parseIni(text);
  const general = ini.get('GENERAL') ?? new Map<string, string>();
  const magnification = positive(general.get('OBJECTIVE_MAGNIFICATION'));
  if (magnification !== undefined) slide.magnification = magnification;
  const dateRaw = general.get('SLIDE_CREATIONDATETIME');
  if (dateRaw) {
    slide.scanDateRaw = dateRaw;
    const date = parseMiraxDate(dateRaw);
    if (date) slide.scanDate = date;
  }
  const level0 = ini.get('LAYER_0_LEVEL_0_SECTION');
  const mppX = positive(level0?.get('MICROMETER_PER_PIXEL_X'));
  const mppY = positive(level0?.get('MICROMETER_PER_PIXEL_Y'));
  if (mppX !== undefined) slide.mppX = mppX;
  if (mppY !== undefined) slide.mppY = mppY;
  const levels = positive(ini.get('HIERARCHICAL')?.get('HIER_0_COUNT'));
  if (levels !== undefined) slide.levels = levels;
  slide.scanner = '3DHISTECH';

  // The data files Slidedat.ini lists must all be in the folder.
  const datafile = ini.get('DATAFILE');
  const count = Math.min(positive(datafile?.get('FILE_COUNT')) ?? 0, 10_000);
  const missing: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = datafile?.get(`FILE_${i}`);
    if (name && !lower.has(name.toLowerCase())) missing.push(name);
  }
  const indexName = ini.get('HIERARCHICAL')?.get('INDEXFILE');
  if (indexName && !lower.has(indexName.toLowerCase())) missing.unshift(indexName);
  if (missing.length) {
    findings.push(finding('MRXS_MISSING_FOLDER', relPath, {
      message: `The data folder of this MIRAX (.mrxs) slide is incomplete: ${missing.length} of its data files are missing.`,
      details: { missing: missing.slice(0, 20) },
    }));
  }
  return { family: 'slide', slide, findings };
};
