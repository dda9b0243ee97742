import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { CaseFileSchema, type CaseFile, type Override } from '../../src/casefile/schema.js';
import type { ApplyReviewChange, ReviewChange } from '../../src/review/changes.js';
import type { RenderThumbnail } from '../../src/review/thumbnail-types.js';

/**
 * A stand-in for helper C's `applyReviewChange` so these tests do not wait on
 * it: plain parse and stringify (no comment keeping), one override per path,
 * a `.bak` copy. Enough to see the page's corrections reach casepack.yaml and
 * the checklist; the real one is tested in its own files.
 */
export function fakeApplyChange(log: ReviewChange[] = []): ApplyReviewChange {
  return async (caseDir, change) => {
    log.push(change);
    const file = path.join(caseDir, 'casepack.yaml');
    const before = await readFile(file, 'utf8').catch(() => undefined);
    const caseFile: CaseFile = before ? CaseFileSchema.parse(YAML.parse(before) ?? {}) : {};
    const overrides: Override[] = caseFile.overrides ?? [];
    const entry = (p: string): Override => {
      let found = overrides.find((o) => o.path === p);
      if (!found) { found = { path: p }; overrides.push(found); }
      return found;
    };
    switch (change.kind) {
      case 'category': entry(change.path).category = change.category; break;
      case 'date': entry(change.path).date = change.date; break;
      case 'leave-out': entry(change.path).exclude = change.value; break;
      case 'other-person': entry(change.path).exclude = change.value; break;
      case 'keep-anyway': { const o = entry(change.path); o.include = change.value; if (change.reason) o.reason = change.reason; break; }
      case 'reset': caseFile.overrides = overrides.filter((o) => o.path !== change.path); break;
      case 'patient': caseFile.patient = change.patient; break;
      case 'questions': caseFile.questions = change.questions; break;
      case 'sender': if (change.sender) caseFile.sender = change.sender; else delete caseFile.sender; break;
      case 'physical': caseFile.physical = change.physical; break;
    }
    if (change.kind !== 'reset' && overrides.length > 0) caseFile.overrides = overrides;
    const backup = before === undefined ? null : `${file}.bak`;
    if (backup) await copyFile(file, backup);
    await writeFile(file, YAML.stringify(caseFile));
    return { file, backup, casefile: caseFile };
  };
}

/** A 1×1 PNG for PDFs, nothing for the rest: the page must show both. */
export const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

export function fakeThumbnails(asked: string[] = []): RenderThumbnail {
  return async (request) => {
    asked.push(request.file);
    if (request.family !== 'pdf') return null;
    return { mime: 'image/png', bytes: ONE_PIXEL_PNG, width: 1, height: 1 };
  };
}
