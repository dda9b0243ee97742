/**
 * MIRAX (3DHistech) slides: a `.mrxs` file plus a folder of the same name
 * holding `Slidedat.ini` and the data files it lists. The slide is only
 * usable with the folder, so its absence is the main thing to report.
 * Reads: one directory listing and the first bytes of Slidedat.ini; what the
 * INI means is formats/slides/mirax.ts's knowledge.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { finding } from '../findings/codes.js';
import { readSlidedat } from '../formats/slides/mirax.js';
import type { Finding } from '../model/finding.js';
import type { SlideInfo } from '../model/scan.js';
import type { Probe } from './types.js';

/** Slidedat.ini is a few kilobytes; more than this is not a Slidedat.ini. */
const SLIDEDAT_MAX_BYTES = 256 * 1024;

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
  const { description, requiredFiles } = readSlidedat(text);
  Object.assign(slide, description);
  // The files Slidedat.ini lists must all be in the folder.
  const missing = requiredFiles.filter((name) => !lower.has(name.toLowerCase()));
  if (missing.length) {
    findings.push(finding('MRXS_MISSING_FOLDER', relPath, {
      message: `The data folder of this MIRAX (.mrxs) slide is incomplete: ${missing.length} of its data files are missing.`,
      details: { missing: missing.slice(0, 20) },
    }));
  }
  return { family: 'slide', slide, findings };
};
