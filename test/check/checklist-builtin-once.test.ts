import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR, loadChecklist, parseChecklistFile, preloadChecklist } from '../../src/check/checklist-schema.js';

describe('built-in checklists read once a process', () => {
  it('give every caller the same checklist as a fresh parse, in a copy of its own', async () => {
    preloadChecklist('general');
    const first = await loadChecklist('general');
    const second = await loadChecklist('general');
    const fresh = await parseChecklistFile(path.join(BUILTIN_DIR, 'general.yaml'));
    expect(second).toEqual(first);
    expect(first.items).toEqual(fresh.items);
    expect(second).not.toBe(first);
    expect(second.items[0]).not.toBe(first.items[0]);
    // A caller that changes its copy does not change the next caller's.
    const firstId = first.items[0]?.id;
    first.items.splice(0, 1);
    (second.items[0] as { label: string }).label = 'changed';
    const third = await loadChecklist('general');
    expect(third.items[0]?.id).toBe(firstId);
    expect(third.items[0]?.label).not.toBe('changed');
    expect(third.items).toEqual(fresh.items);
  });

  it('resolve every built-in checklist with its own items as its file states them', async () => {
    const names = (await readdir(BUILTIN_DIR)).filter((n) => n.endsWith('.yaml'));
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) {
      const id = name.slice(0, -'.yaml'.length);
      const once = await loadChecklist(id);
      const again = await loadChecklist(id);
      expect(again).toEqual(once);
      const fresh = await parseChecklistFile(path.join(BUILTIN_DIR, name));
      for (const item of fresh.items) expect(once.items.find((i) => i.id === item.id)).toEqual(item);
    }
  });

  it('still refuses an unknown built-in id', async () => {
    await expect(loadChecklist('no-such-checklist')).rejects.toThrow(/no built-in checklist/);
  });
});
