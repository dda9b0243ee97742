/**
 * MIRAX (3DHISTECH): not a TIFF. A slide is a `.mrxs` file plus a folder of
 * the same name holding `Slidedat.ini` and the `.dat` files it lists. The
 * probe (probe/mrxs.ts) lists the folder and reads Slidedat.ini; this module
 * reads the INI text.
 */
import { parseMiraxDate } from '../../dates/formats.js';
import { slideFormat, type SlideDescription } from './format.js';

export const mirax = slideFormat({
  id: 'mirax',
  displayName: '3DHISTECH MIRAX',
  tiffExtensions: [],
  otherExtensions: ['.mrxs', '.dat'],
  compressed: true,
  dataFolderName: (stem: string) => stem,
});

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

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A Slidedat.ini that lists more data files than this is not one. */
const MAX_DATA_FILES = 10_000;

export interface Slidedat {
  /** Without vendor: the probe builds the slide with its container first. */
  description: Omit<SlideDescription<'mirax'>, 'vendor'>;
  /** Files the folder must hold: the index file first, then the data files in listed order. */
  requiredFiles: string[];
}

/** What Slidedat.ini says about the slide and the files it needs. */
export function readSlidedat(text: string): Slidedat {
  const ini = parseIni(text);
  const general = ini.get('GENERAL') ?? new Map<string, string>();
  const description: Slidedat['description'] = {};
  const magnification = positive(general.get('OBJECTIVE_MAGNIFICATION'));
  if (magnification !== undefined) description.magnification = magnification;
  const dateRaw = general.get('SLIDE_CREATIONDATETIME');
  if (dateRaw) {
    description.scanDateRaw = dateRaw;
    const date = parseMiraxDate(dateRaw);
    if (date) description.scanDate = date;
  }
  const level0 = ini.get('LAYER_0_LEVEL_0_SECTION');
  const mppX = positive(level0?.get('MICROMETER_PER_PIXEL_X'));
  const mppY = positive(level0?.get('MICROMETER_PER_PIXEL_Y'));
  if (mppX !== undefined) description.mppX = mppX;
  if (mppY !== undefined) description.mppY = mppY;
  const levels = positive(ini.get('HIERARCHICAL')?.get('HIER_0_COUNT'));
  if (levels !== undefined) description.levels = levels;
  description.scanner = '3DHISTECH';

  const datafile = ini.get('DATAFILE');
  const count = Math.min(positive(datafile?.get('FILE_COUNT')) ?? 0, MAX_DATA_FILES);
  const requiredFiles: string[] = [];
  const indexName = ini.get('HIERARCHICAL')?.get('INDEXFILE');
  if (indexName) requiredFiles.push(indexName);
  for (let i = 0; i < count; i++) {
    const name = datafile?.get(`FILE_${i}`);
    if (name) requiredFiles.push(name);
  }
  return { description, requiredFiles };
}
