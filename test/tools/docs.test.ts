import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsMarkdown, jsonSchemas } from '../../tools/docs/generate.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('generated docs are current (run `npm run docs` after changing codes or schemas)', () => {
  it('docs/findings.md documents every finding code', () => {
    expect(readFileSync(path.join(root, 'docs/findings.md'), 'utf8')).toBe(findingsMarkdown());
  });
  it('docs/schema/*.json match the zod schemas', () => {
    for (const [name, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(path.join(root, 'docs/schema', name), 'utf8'), name).toBe(text);
    }
  });
});
