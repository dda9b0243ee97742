import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../tools/corpus/build.js';

describe('the corpus cache is replaced atomically (other processes read it while it is rebuilt)', () => {
  it('replaces the file whole and leaves no temporary file beside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casepack-corpus-write-'));
    const file = path.join(dir, 'corpus.jsonl');
    fs.writeFileSync(file, 'old\n');
    const inode = fs.statSync(file).ino;
    writeAtomically(file, 'new\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    // A rename gives the path a new file; an in-place write would keep the old one, and a reader could see half of it.
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(fs.readdirSync(dir)).toEqual(['corpus.jsonl']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
