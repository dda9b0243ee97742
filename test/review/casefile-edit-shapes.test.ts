import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { lastSetting, overrideMatcher } from '../../src/casefile/overrides.js';
import type { CaseFile } from '../../src/casefile/schema.js';
import { parseCaseFile } from '../../src/casefile/load.js';
import { editsFor } from '../../src/review/casefile-edit.js';
import type { ReviewChange } from '../../src/review/changes.js';
import { applyToDocument, editPreservingLayout } from '../../src/review/yaml-layout-edit.js';

/** The text applyReviewChange would write for `change` on `source` (without the disk). */
function edited(source: string, change: ReviewChange): string {
  const current: CaseFile = parseCaseFile(source).caseFile ?? {};
  const edits = editsFor(change, current);
  const doc = parseDocument(source);
  for (const edit of edits) applyToDocument(doc, edit);
  return editPreservingLayout(source, edits, doc);
}

const data = (text: string): unknown => parseDocument(text).toJS();

describe('files shaped in other ways people write YAML', () => {
  const changes: ReviewChange[] = [
    { kind: 'category', path: 'a.pdf', category: 'lab-results' },
    { kind: 'leave-out', path: 'b.pdf', value: true },
    { kind: 'reset', path: 'c.pdf' },
    { kind: 'questions', questions: ['Why?'] },
    { kind: 'sender', sender: { name: 'Ana' } },
    { kind: 'patient', patient: {} },
  ];
  const sources: Record<string, string> = {
    'empty': '',
    'comments only': '# nothing yet\n# really\n',
    'no final newline': 'patient:\n  name: X\noverrides:\n  - path: c.pdf\n    exclude: true',
    'sequence not indented': 'overrides:\n- path: a.pdf\n  category: other\n- path: c.pdf\n  exclude: true\nquestions:\n- Old?\n',
    'document markers': '%YAML 1.2\n---\npatient: { name: X }\noverrides:\n  - { path: c.pdf, exclude: true }\n...\n',
    'four-space indent': 'overrides:\n    -   path: a.pdf\n        category: other\npatient:\n    name: X\n',
    'path not first in the entry': 'overrides:\n  - category: other\n    path: a.pdf\n  - exclude: true\n    path: c.pdf\n',
    'block scalar reason': 'overrides:\n  - path: a.pdf\n    include: true\n    reason: |\n      two\n      lines\n    category: other\n',
  };

  for (const [name, source] of Object.entries(sources)) {
    it(`${name}: every change gives the data the Document API gives, and a valid case file`, () => {
      for (const change of changes) {
        const doc = parseDocument(source);
        const edits = editsFor(change, parseCaseFile(source).caseFile ?? {});
        for (const edit of edits) applyToDocument(doc, edit);
        const text = edited(source, change);
        expect(data(text)).toEqual(doc.toJS());
        expect(parseCaseFile(text).findings).toEqual([]);
      }
    });
  }

  it('keeps a non-indented sequence as it is, changing one line', () => {
    const source = sources['sequence not indented'] ?? '';
    expect(edited(source, { kind: 'category', path: 'a.pdf', category: 'lab-results' })).toBe(source.replace('category: other', 'category: lab-results'));
    expect(edited(source, { kind: 'leave-out', path: 'b.pdf', value: true })).toBe(source.replace('questions:', '- path: b.pdf\n  exclude: true\nquestions:'));
  });

  it('removes the first key of an entry written before its path, keeping the dash', () => {
    const source = sources['path not first in the entry'] ?? '';
    expect(edited(source, { kind: 'leave-out', path: 'c.pdf', value: false })).toBe('overrides:\n  - category: other\n    path: a.pdf\n');
    expect(edited('overrides:\n  - exclude: true\n    category: other\n    path: c.pdf\n', { kind: 'leave-out', path: 'c.pdf', value: false })).toBe('overrides:\n  - category: other\n    path: c.pdf\n');
  });

  it('a reason with line breaks: a block in a new entry, one quoted line when it replaces a value', () => {
    const text = edited('', { kind: 'keep-anyway', path: 'd.pdf', value: true, reason: 'first\nsecond' });
    expect(text).toBe('overrides:\n  - path: d.pdf\n    include: true\n    reason: |-\n      first\n      second\n');
    expect(parseCaseFile(text).caseFile?.overrides?.[0]?.reason).toBe('first\nsecond');
    const replaced = edited('overrides:\n  - path: d.pdf   # x\n    include: true\n    reason: old   # why\n', { kind: 'keep-anyway', path: 'd.pdf', value: true, reason: 'new\nlines' });
    expect(replaced).toBe('overrides:\n  - path: d.pdf   # x\n    include: true\n    reason: "new\\nlines"   # why\n');
    expect(parseCaseFile(replaced).caseFile?.overrides?.[0]?.reason).toBe('new\nlines');
  });
});

describe('overrides: which entry says what about a file', () => {
  it('an exact path with glob characters matches its own file', () => {
    const matcher = overrideMatcher([{ path: 'photos/scan (1).jpg', exclude: true }, { path: 'report [final].pdf', exclude: true }]);
    expect(matcher.matching('photos/scan (1).jpg')).toHaveLength(1);
    expect(matcher.matching('report [final].pdf')).toHaveLength(1);
    expect(matcher.unused()).toEqual([]);
  });

  it('the last matching entry that sets a field wins it, include included', () => {
    const overrides = [
      { path: 'donor', include: true, reason: 'the donor\'s files' },
      { path: 'donor/ct/IM1', category: 'imaging' as const },
      { path: 'donor/notes.pdf', include: false },
    ];
    const matcher = overrideMatcher(overrides);
    expect(lastSetting(matcher.matching('donor/ct/IM1'), 'include')).toEqual({ value: true, override: overrides[0] });
    expect(lastSetting(matcher.matching('donor/notes.pdf'), 'include')?.value).toBe(false);
    expect(lastSetting(matcher.matching('other.pdf'), 'include')).toBeUndefined();
  });
});
