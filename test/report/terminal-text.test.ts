import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { renderFindings } from '../../src/report/findings-text.js';
import { finding } from '../../src/findings/codes.js';
import { jsonWithEscapedControls, safeRendering, safeText } from '../../src/util/terminal-text.js';

/** B14: the one function every human output uses for text from a case. */
describe('terminal-safe text', () => {
  it('shows C0, DEL, C1 and bidi controls as visible escapes and leaves other text alone', () => {
    expect(safeText('a\u001b[2Jb\u001b]0;title\u0007c')).toBe('a\\x1b[2Jb\\x1b]0;title\\x07c');
    expect(safeText('x\u007fy\u009bz')).toBe('x\\x7fy\\x9bz');
    expect(safeText('report\u202Efdp.exe')).toBe('report<U+202E>fdp.exe');
    for (const bidi of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(safeText(bidi)).toMatch(/^<U\+[0-9A-F]{4}>$/);
    }
    expect(safeText('a\nb\tc')).toBe('a\\x0ab\\x09c');
    expect(safeText('Fatima Al-Sayed فاطمة السيد, 東京, é')).toBe('Fatima Al-Sayed فاطمة السيد, 東京, é');
  });

  it('a rendering keeps its newlines, and its own colour codes only when colouring', () => {
    const red = '\u001b[31mERROR\u001b[39m';
    expect(safeRendering(`line\n${red} \u001b[2J\n`)).toBe('line\n\\x1b[31mERROR\\x1b[39m \\x1b[2J\n');
    expect(safeRendering(`${red} \u001b[2J \u001b[8mhidden`, true)).toBe(`${red} \\x1b[2J \\x1b[8mhidden`);
  });

  it('JSON keeps the exact string: bidi and C1 characters written as \\u escapes', () => {
    const value = { path: 'notes\u202Egnp\u0085.txt\u001b' };
    const json = jsonWithEscapedControls(JSON.stringify(value));
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('the CLI output escapes a hostile name in findings, with colour on or off', () => {
    const hostile = finding('FILE_EMPTY', 'x\u001b]0;owned\u0007\u202E.pdf');
    for (const color of [false, true]) {
      let written = '';
      const stream = new Writable({ write(chunk, _enc, done) { written += String(chunk); done(); } }) as unknown as NodeJS.WriteStream;
      const out = new Output({ color }, stream, stream);
      out.printFindings([hostile]);
      out.error(`cannot read ${hostile.paths[0] ?? ''}`);
      expect(written).toContain('x\\x1b]0;owned\\x07<U+202E>.pdf');
      expect(written).not.toMatch(/\u001b\]|\u0007|\u202e/u);
      if (color) expect(written).toMatch(/\u001b\[31m/u);
    }
    expect(renderFindings([hostile])).toContain('FILE_EMPTY');
  });
});
