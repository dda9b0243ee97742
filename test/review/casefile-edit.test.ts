import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/casefile/load.js';
import { applyReviewChange, CaseFileEditError, NEW_CASE_FILE_HEADER } from '../../src/review/casefile-edit.js';
import type { ReviewChange } from '../../src/review/changes.js';
import { hashTree, makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => { ({ dir, cleanup } = await makeTempDir()); });
afterEach(async () => { await cleanup(); });

const caseFile = (): string => path.join(dir, 'casepack.yaml');
const read = (): Promise<string> => readFile(caseFile(), 'utf8');
const write = (text: string): Promise<void> => writeFile(caseFile(), text);
const apply = (change: ReviewChange) => applyReviewChange(dir, change);

/** A file as a person keeps it: a header, aligned comments, flow lists, quoting, blank lines. */
const COMMENTED = `# Mum's case, kept by Ana (daughter)

patient:                      # as on her hospital card
  name: Maria Lopez
  birthDate: 1958-03-02       # not the date on the insurance letter
questions:
  - Is surgery still possible?   # the main one

checklist: pancreatic         # the surgeon said pancreas
ocrLanguages: [eng, spa]      # some letters are in Spanish

overrides:                    # my corrections
  # the scanner names every file Scan_...
  - path: 'scans/Scan_0001.pdf'
    category: operative-report    # it is the operation note
  - path: "WhatsApp/*.jpeg"
    category: imaging-export
findings:
  ignore: [PHOTO_NEEDS_REVIEW]
`;

describe('applyReviewChange: each correction edits only its own lines', () => {
  it('changes an existing exact entry in place, keeping every comment, quote, blank line and flow list', async () => {
    await write(COMMENTED);
    const applied = await apply({ kind: 'category', path: 'scans/Scan_0001.pdf', category: 'pathology-report' });
    expect(await read()).toBe(COMMENTED.replace('category: operative-report    # it is', 'category: pathology-report    # it is'));
    expect(applied.file).toBe(caseFile());
    expect(applied.backup).toBe(path.join(dir, 'casepack.yaml.bak'));
    expect(await readFile(path.join(dir, 'casepack.yaml.bak'), 'utf8')).toBe(COMMENTED);
    expect(applied.casefile.overrides?.[0]).toEqual({ path: 'scans/Scan_0001.pdf', category: 'pathology-report' });
  });

  it('adds a date to an existing entry as a new line at its end', async () => {
    await write(COMMENTED);
    await apply({ kind: 'date', path: 'scans/Scan_0001.pdf', date: '2025-10-10' });
    expect(await read()).toBe(COMMENTED.replace('# it is the operation note\n', '# it is the operation note\n    date: 2025-10-10\n'));
  });

  it('adds a new exact entry after a glob that matches the same file (later entries win)', async () => {
    await write(COMMENTED);
    await apply({ kind: 'category', path: 'WhatsApp/IMG 0002.jpeg', category: 'pathology-report' });
    expect(await read()).toBe(COMMENTED.replace('    category: imaging-export\n', '    category: imaging-export\n  - path: WhatsApp/IMG 0002.jpeg\n    category: pathology-report\n'));
  });

  it('leave out: exclude: true; taking it back removes the key, and an entry left with only its path', async () => {
    await write(COMMENTED);
    await apply({ kind: 'leave-out', path: 'scans/Scan_0001.pdf', value: true });
    expect(await read()).toBe(COMMENTED.replace('# it is the operation note\n', '# it is the operation note\n    exclude: true\n'));
    await apply({ kind: 'leave-out', path: 'scans/Scan_0001.pdf', value: false });
    expect(await read()).toBe(COMMENTED);
    await apply({ kind: 'leave-out', path: 'old.pdf', value: true });
    await apply({ kind: 'leave-out', path: 'old.pdf', value: false });
    expect(await read()).toBe(COMMENTED);
  });

  it('leave out taken back under a glob that leaves it out: says exclude: false, since removing the key would change nothing', async () => {
    await write('overrides:\n  - path: "old/*"\n    exclude: true\n');
    await apply({ kind: 'leave-out', path: 'old/keep.pdf', value: false });
    expect(await read()).toBe('overrides:\n  - path: "old/*"\n    exclude: true\n  - path: old/keep.pdf\n    exclude: false\n');
  });

  it('moves an exact entry a later glob would overrule to the end, comments and all, instead of adding a duplicate', async () => {
    const text = 'overrides:\n  - path: a/x.pdf   # the letter\n    category: other\n  - path: "a/*"\n    category: lab-results\n';
    await write(text);
    await apply({ kind: 'category', path: 'a/x.pdf', category: 'discharge-summary' });
    expect(await read()).toBe('overrides:\n  - path: "a/*"\n    category: lab-results\n  - path: a/x.pdf   # the letter\n    category: discharge-summary\n');
    // A change of a field the later glob does not set stays in place.
    await write(text);
    await apply({ kind: 'date', path: 'a/x.pdf', date: '2025-01-02' });
    expect(await read()).toBe('overrides:\n  - path: a/x.pdf   # the letter\n    category: other\n    date: 2025-01-02\n  - path: "a/*"\n    category: lab-results\n');
  });

  it('another person: otherPerson: true, and false takes it back', async () => {
    await write(COMMENTED);
    await apply({ kind: 'other-person', path: 'WhatsApp/aunt.jpeg', value: true });
    const withOther = COMMENTED.replace('    category: imaging-export\n', '    category: imaging-export\n  - path: WhatsApp/aunt.jpeg\n    otherPerson: true\n');
    expect(await read()).toBe(withOther);
    expect((await apply({ kind: 'other-person', path: 'WhatsApp/aunt.jpeg', value: false })).casefile.overrides).toHaveLength(2);
    expect(await read()).toBe(COMMENTED);
  });

  it('keep anyway: include: true with the reason; taking it back removes both', async () => {
    await write(COMMENTED);
    await apply({ kind: 'keep-anyway', path: 'donor/ct.pdf', value: true, reason: '  the donor\'s CT: the team asked for it ' });
    const kept = COMMENTED.replace('    category: imaging-export\n', '    category: imaging-export\n  - path: donor/ct.pdf\n    include: true\n    reason: "the donor\'s CT: the team asked for it"\n');
    expect(await read()).toBe(kept);
    await apply({ kind: 'keep-anyway', path: 'donor/ct.pdf', value: true });
    expect(await read()).toBe(kept); // no new reason given: the old one stays
    await apply({ kind: 'keep-anyway', path: 'donor/ct.pdf', value: false });
    expect(await read()).toBe(COMMENTED);
  });

  it('reset removes the exact entry only; a glob covering the file stays', async () => {
    await write(COMMENTED);
    await apply({ kind: 'reset', path: 'scans/Scan_0001.pdf' });
    expect(await read()).toBe(COMMENTED.replace("  - path: 'scans/Scan_0001.pdf'\n    category: operative-report    # it is the operation note\n", ''));
    await apply({ kind: 'reset', path: 'WhatsApp/IMG 0002.jpeg' });
    expect((await read())).toContain('"WhatsApp/*.jpeg"');
    await apply({ kind: 'reset', path: 'WhatsApp/*.jpeg' });
    // The last entry gone: `overrides:` goes with it (an empty key would not validate).
    expect(await read()).toBe(COMMENTED.replace(/overrides:[\s\S]*?findings:/, 'findings:'));
  });

  it('patient: changed field by field, the others and their comments kept; empty removes the key', async () => {
    await write(COMMENTED);
    await apply({ kind: 'patient', patient: { name: 'María López', birthDate: '1958-03-02', id: 'NHC 4471' } });
    expect(await read()).toBe(COMMENTED.replace('  name: Maria Lopez\n', '  name: María López\n').replace('# not the date on the insurance letter\n', '# not the date on the insurance letter\n  id: NHC 4471\n'));
    await apply({ kind: 'patient', patient: { name: ' ' } });
    expect(await read()).toBe(COMMENTED.replace(/patient:[\s\S]*?questions:/, 'questions:'));
  });

  it('questions: replaced as a list; blank ones dropped; [] removes the key', async () => {
    await write(COMMENTED);
    await apply({ kind: 'questions', questions: ['Is surgery still possible?', '', 'Would you change the chemotherapy: FOLFIRINOX?'] });
    expect(await read()).toBe(COMMENTED.replace('  - Is surgery still possible?   # the main one\n', '  - Is surgery still possible?\n  - "Would you change the chemotherapy: FOLFIRINOX?"\n'));
    await apply({ kind: 'questions', questions: [] });
    expect(await read()).toBe(COMMENTED.replace('questions:\n  - Is surgery still possible?   # the main one\n', ''));
  });

  it('sender: added at the end, changed field by field, null removes it', async () => {
    await write(COMMENTED);
    await apply({ kind: 'sender', sender: { name: 'Ana Lopez', role: 'Daughter of the patient' } });
    expect(await read()).toBe(`${COMMENTED}sender:\n  name: Ana Lopez\n  role: Daughter of the patient\n`);
    await apply({ kind: 'sender', sender: { name: 'Ana Lopez', email: 'ana@example.org' } });
    expect(await read()).toBe(`${COMMENTED}sender:\n  name: Ana Lopez\n  email: ana@example.org\n`);
    await apply({ kind: 'sender', sender: null });
    expect(await read()).toBe(COMMENTED);
  });

  it('physical: the items sent, as a list; [] removes the key', async () => {
    await write(COMMENTED);
    await apply({ kind: 'physical', physical: [{ kind: 'paraffin-blocks', count: 2, tracking: '1234567890' }] });
    expect(await read()).toBe(`${COMMENTED}physical:\n  - kind: paraffin-blocks\n    count: 2\n    tracking: "1234567890"\n`);
    const applied = await apply({ kind: 'physical', physical: [] });
    expect(await read()).toBe(COMMENTED);
    expect(applied.casefile.physical).toBeUndefined();
  });

  it('creates casepack.yaml with a short header when there is none, and no backup', async () => {
    const applied = await apply({ kind: 'leave-out', path: 'photos/blurry.jpg', value: true });
    expect(applied.backup).toBeNull();
    expect(await read()).toBe(`${NEW_CASE_FILE_HEADER}overrides:\n  - path: photos/blurry.jpg\n    exclude: true\n`);
    expect((await readdir(dir)).sort()).toEqual(['casepack.yaml']);
  });

  it('writes nothing when the file already says it (and creates no file for a no-op)', async () => {
    expect((await apply({ kind: 'leave-out', path: 'a.pdf', value: false })).backup).toBeNull();
    expect(await readdir(dir)).toEqual([]);
    await write(COMMENTED);
    const before = await hashTree(dir);
    const applied = await apply({ kind: 'category', path: 'scans/Scan_0001.pdf', category: 'operative-report' });
    expect(applied.backup).toBeNull();
    expect(await hashTree(dir)).toBe(before);
  });

  it('keeps Windows line endings', async () => {
    await write(COMMENTED.replace(/\n/g, '\r\n'));
    await apply({ kind: 'leave-out', path: 'scans/Scan_0001.pdf', value: true });
    await apply({ kind: 'sender', sender: { name: 'Ana' } });
    expect(await read()).toBe(`${COMMENTED.replace('# it is the operation note\n', '# it is the operation note\n    exclude: true\n')}sender:\n  name: Ana\n`.replace(/\n/g, '\r\n'));
  });

  it('keeps a hand-written flow entry in flow style, and the result is right', async () => {
    await write('overrides: [{path: a.pdf, exclude: true}]   # quick\n');
    await apply({ kind: 'category', path: 'a.pdf', category: 'lab-results' });
    expect(await read()).toBe('overrides: [{ path: a.pdf, exclude: true, category: lab-results }]   # quick\n');
    const applied = await apply({ kind: 'leave-out', path: 'b.pdf', value: true });
    expect(applied.casefile.overrides).toEqual([{ path: 'a.pdf', exclude: true, category: 'lab-results' }, { path: 'b.pdf', exclude: true }]);
  });

  it('the backup is the file as it was before the last change, and the file keeps its permissions', async () => {
    await write(COMMENTED);
    await chmod(caseFile(), 0o640);
    await apply({ kind: 'leave-out', path: 'a.pdf', value: true });
    const afterFirst = await read();
    await apply({ kind: 'leave-out', path: 'b.pdf', value: true });
    expect(await readFile(path.join(dir, 'casepack.yaml.bak'), 'utf8')).toBe(afterFirst);
    expect((await stat(caseFile())).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(['casepack.yaml', 'casepack.yaml.bak']);
  });
});

describe('applyReviewChange refuses, and leaves the case folder as it was', () => {
  async function refused(change: ReviewChange, reason: CaseFileEditError['reason']): Promise<CaseFileEditError> {
    const before = await hashTree(dir);
    const err = await apply(change).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseFileEditError);
    expect((err as CaseFileEditError).reason).toBe(reason);
    expect(await hashTree(dir)).toBe(before);
    return err as CaseFileEditError;
  }

  it('a path that is absolute or climbs out of the case', async () => {
    await write(COMMENTED);
    for (const p of ['../other-case/report.pdf', 'a/../../x.pdf', '..', '/etc/passwd', 'C:\\Users\\ana\\x.pdf', '..\\x.pdf', '.', 'a/..']) {
      const err = await refused({ kind: 'leave-out', path: p, value: true }, 'path-outside-case');
      expect(err.message).toMatch(/absolute|outside the case folder|the case folder itself/);
      expect(err.message).not.toMatch(/\n|at .*\.ts/);
    }
    // Inside the case, a path is written tidied.
    await apply({ kind: 'leave-out', path: './scans//b.pdf', value: true });
    expect(await read()).toContain('  - path: scans/b.pdf\n    exclude: true\n');
  });

  it('an existing casepack.yaml that does not parse, or does not validate, is never overwritten', async () => {
    await write('patient:\n  name: [unclosed\n');
    const err = await refused({ kind: 'leave-out', path: 'a.pdf', value: true }, 'case-file-invalid');
    expect(err.message).toMatch(/fix by hand/);
    await write('overrides:\n  - path: a.pdf\n    exlcude: true\n');
    expect((await refused({ kind: 'leave-out', path: 'a.pdf', value: true }, 'case-file-invalid')).message).toMatch(/exlcude/);
  });

  it('a change that would make the file invalid (a sender with no name)', async () => {
    await write(COMMENTED);
    const err = await refused({ kind: 'sender', sender: { name: '   ', email: 'x@example.org' } }, 'result-invalid');
    expect(err.message).toMatch(/sender/);
  });

  it('a change that is not one of the page\'s', async () => {
    await refused({ kind: 'category', path: 'a.pdf', category: 'not-a-category' } as unknown as ReviewChange, 'invalid-change');
    await refused({ kind: 'leave-out', path: 'a.pdf', value: true, extra: 1 } as unknown as ReviewChange, 'invalid-change');
  });

  it('a case folder that does not exist', async () => {
    const err = await applyReviewChange(path.join(dir, 'missing'), { kind: 'leave-out', path: 'a.pdf', value: true }).catch((e: unknown) => e);
    expect((err as CaseFileEditError).reason).toBe('case-folder-missing');
  });
});

describe('applyReviewChange: quick clicks', () => {
  it('loses none of many changes made at once to one case', async () => {
    await write(COMMENTED);
    const paths = Array.from({ length: 25 }, (_, i) => `photos/p${String(i).padStart(2, '0')}.jpg`);
    const results = await Promise.all([
      ...paths.map((p) => apply({ kind: 'leave-out', path: p, value: true })),
      apply({ kind: 'questions', questions: ['One?', 'Two?'] }),
      apply({ kind: 'sender', sender: { name: 'Ana' } }),
    ]);
    expect(results).toHaveLength(27);
    const final = parseCaseFile(await read()).caseFile;
    expect(final?.overrides?.filter((o) => o.exclude).map((o) => o.path).sort()).toEqual(paths);
    expect(final?.questions).toEqual(['One?', 'Two?']);
    expect(final?.sender).toEqual({ name: 'Ana' });
    // Each call saw the one before it: the last backup is one change short of the file.
    const backup = parseCaseFile(await readFile(path.join(dir, 'casepack.yaml.bak'), 'utf8')).caseFile;
    const made = (c: typeof final): number => (c?.overrides?.filter((o) => o.exclude).length ?? 0) + (c?.questions?.length === 2 ? 1 : 0) + (c?.sender ? 1 : 0);
    expect(made(final)).toBe(27);
    expect(made(backup)).toBe(26);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['casepack.yaml', 'casepack.yaml.bak']));
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(await read()).toMatch(/^# Mum's case, kept by Ana \(daughter\)\n\npatient: {22}# as on her hospital card\n/);
  });

  it('a refused change does not stop the ones after it', async () => {
    await write(COMMENTED);
    const [bad, good] = await Promise.allSettled([
      apply({ kind: 'leave-out', path: '../x', value: true }),
      apply({ kind: 'leave-out', path: 'x.pdf', value: true }),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
    expect(await read()).toContain('  - path: x.pdf\n    exclude: true\n');
  });
});
