import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecklistError, loadChecklist, parseChecklistText } from '../../src/check/checklist-schema.js';
import { makeTempDir } from '../support/tree.js';

const GOOD_ITEM = `
  - id: passport
    title: Passport copy
    severity: required
    categories: [identity-document]
    why: The hospital registers the patient under the passport name.
    request:
      department: Patient or family
      wording: Scan the passport photo page.`;

function expectChecklistError(fn: () => unknown, line: number | undefined, fieldPath: string | undefined): ChecklistError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ChecklistError);
    const e = err as ChecklistError;
    expect(e.line).toBe(line);
    expect(e.fieldPath).toBe(fieldPath);
    return e;
  }
  throw new Error('expected a ChecklistError');
}

describe('checklist schema errors point at the line and field', () => {
  it('accepts a minimal valid checklist and fills defaults', () => {
    const list = parseChecklistText(`id: mine\ntitle: Mine\nitems:${GOOD_ITEM}\n`, 'mine.yaml');
    expect(list.items[0]?.form).toBe('any');
    expect(list.items[0]?.minCount).toBe(1);
  });

  it('a wrong severity names items.0.severity on its line', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace('severity: required', 'severity: must')}\n`;
    const err = expectChecklistError(() => parseChecklistText(text, 'mine.yaml'), 6, 'items.0.severity');
    expect(err.message).toMatch(/^mine\.yaml:6: items\.0\.severity:/);
  });

  it('an unknown category names the array element', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace('[identity-document]', '[identity-document, x-rays]')}\n`;
    expectChecklistError(() => parseChecklistText(text, 'mine.yaml'), 7, 'items.0.categories.1');
  });

  it('an unknown key points at the key itself', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM}\n    colour: red\n`;
    expectChecklistError(() => parseChecklistText(text, 'mine.yaml'), 12, 'items.0.colour');
  });

  it('a missing required field points at its parent', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace(/\n {4}why:.*$/m, '')}\n`;
    expectChecklistError(() => parseChecklistText(text, 'mine.yaml'), 4, 'items.0.why');
  });

  it('YAML syntax errors carry a line', () => {
    expectChecklistError(() => parseChecklistText('id: mine\ntitle: [unclosed\nitems: []\n', 'bad.yaml'), 3, undefined);
  });

  it('a placeholder outside an optional segment, or an unknown one, is refused', () => {
    const outside = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace('Scan the passport photo page.', 'Send scans of {dates}.')}\n`;
    expectChecklistError(() => parseChecklistText(outside, 'm.yaml'), 11, 'items.0.request.wording');
    const unknown = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace('Scan the passport photo page.', 'Send[ {patient}].')}\n`;
    expect(() => parseChecklistText(unknown, 'm.yaml')).toThrow(/unknown placeholder \{patient\}/);
  });

  it('anyOf and own categories together are refused, and an item needs something to satisfy it', () => {
    const both = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM}\n    anyOf:\n      - categories: [imaging]\n      - physical: [glass-slides]\n`;
    expectChecklistError(() => parseChecklistText(both, 'm.yaml'), 13, 'items.0.anyOf');
    const neither = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace(/\n {4}categories:.*$/m, '')}\n`;
    expect(() => parseChecklistText(neither, 'm.yaml')).toThrow(/needs categories, physical, stated or anyOf/);
  });

  it('criteria next to anyOf are refused instead of silently ignored', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM.replace(/\n {4}categories:.*$/m, '')}\n    maxAgeDays: 30\n    anyOf:\n      - categories: [lab-results]\n      - physical: [other]\n`;
    expectChecklistError(() => parseChecklistText(text, 'm.yaml'), 11, 'items.0.maxAgeDays');
  });

  it('duplicate item ids are refused on the second one', () => {
    const text = `id: mine\ntitle: Mine\nitems:${GOOD_ITEM}${GOOD_ITEM}\n`;
    expectChecklistError(() => parseChecklistText(text, 'm.yaml'), 12, 'items.1.id');
  });
});

describe('loadChecklist: files, extends, errors', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('loads a file that extends a built-in, removes an inherited item and overrides another', async () => {
    const file = path.join(dir, 'clinic.yaml');
    await writeFile(file, `id: clinic\ntitle: Our clinic\nextends: general\nremove: [medication-list]\nitems:${GOOD_ITEM}\n`);
    const list = await loadChecklist(file);
    expect(list.lineage).toEqual(['general', 'clinic']);
    expect(list.items.map((i) => i.id)).not.toContain('medication-list');
    expect(list.items[list.items.length - 1]?.id).toBe('passport');
    expect(list.source).toBe(file);
  });

  it('resolves extends relative to the extending file, and refuses loops', async () => {
    await writeFile(path.join(dir, 'a.yaml'), `id: a\ntitle: A\nextends: ./b.yaml\nitems:${GOOD_ITEM}\n`);
    await writeFile(path.join(dir, 'b.yaml'), `id: b\ntitle: B\nextends: ./a.yaml\nitems: []\n`);
    await expect(loadChecklist(path.join(dir, 'a.yaml'))).rejects.toThrow(/loop/);
    await writeFile(path.join(dir, 'b.yaml'), `id: b\ntitle: B\nextends: general\nitems: []\n`);
    const list = await loadChecklist('a.yaml', dir);
    expect(list.lineage).toEqual(['general', 'b', 'a']);
  });

  it('an unknown built-in id and a missing file are ChecklistErrors, not crashes', async () => {
    await expect(loadChecklist('no-such-list')).rejects.toBeInstanceOf(ChecklistError);
    await expect(loadChecklist(path.join(dir, 'absent.yaml'))).rejects.toThrow(/not found/);
  });

  it('removing an item the base does not have is an error', async () => {
    const file = path.join(dir, 'x.yaml');
    await writeFile(file, `id: x\ntitle: X\nextends: general\nremove: [nothing-like-this]\nitems: []\n`);
    await expect(loadChecklist(file)).rejects.toThrow(/remove: "nothing-like-this"/);
  });
});
