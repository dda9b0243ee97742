import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { withIrot } from './heif-irot.js';

/**
 * iPhone-style HEIC photos for tests and the demo case, made once with
 * heif-enc (Debian libheif-examples) and committed, so neither CI nor a
 * developer needs heif-enc to run the tests or regenerate the demo case.
 * Like an iPhone held upright: the sensor's pixels stored a quarter-turn
 * anticlockwise, `irot` 3 (three quarter-turns anticlockwise) to show them
 * upright, and EXIF orientation 6 as well, which HEIF readers must ignore.
 */
export async function makeIphoneHeic(uprightImage: Buffer, quality = 50): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'casepack-heic-'));
  try {
    const stored = await sharp(uprightImage).flatten({ background: '#ffffff' }).rotate(270).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
    writeFileSync(path.join(dir, 'in.jpg'), stored);
    execFileSync('heif-enc', ['-q', String(quality), '-o', path.join(dir, 'out.heic'), path.join(dir, 'in.jpg')], { stdio: 'pipe' });
    return withIrot(readFileSync(path.join(dir, 'out.heic')), 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page for orientation tests: white, a black square at its top left, one line of large text. */
export async function markerPage(width: number, height: number, text: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect x="${Math.round(width * 0.05)}" y="${Math.round(height * 0.05)}" width="${Math.round(width * 0.2)}" height="${Math.round(width * 0.2)}" fill="#000000"/>
    <text x="${Math.round(width * 0.08)}" y="${Math.round(height * 0.55)}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(width / 14)}" fill="#000000">${text}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
