import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CaseNotFoundError } from '../../src/pipeline/scan.js';
import { UsageError } from '../../src/util/errors.js';
import { isPasswordError } from '../../src/util/pdf-errors.js';
import { yamlLineOf } from '../../src/util/yaml.js';
import { OutputRefusedError } from '../../src/write/atomic.js';

describe('one isPasswordError for the probe and the merger', () => {
  it('knows pdf-lib\'s and pdf.js\'s ways of saying "encrypted"', () => {
    expect(isPasswordError(new Error('Input document to `PDFDocument.load` is encrypted.'))).toBe(true);
    expect(isPasswordError(new Error('No password given'))).toBe(true);
    expect(isPasswordError(Object.assign(new Error('x'), { name: 'EncryptedPDFError' }))).toBe(true);
    expect(isPasswordError('Incorrect Password')).toBe(true);
    expect(isPasswordError(new Error('Invalid PDF structure'))).toBe(false);
  });
});

describe('one YAML error-line lookup', () => {
  const text = 'id: x\nitems:\n  - id: a\n    anyOf:\n      - categories: [imaging]\n';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });

  it('finds a scalar on its key\'s line and a missing key at its parent', () => {
    expect(yamlLineOf(doc, ['items', 0, 'id'], lineCounter)).toBe(3);
    expect(yamlLineOf(doc, ['items', 0, 'why'], lineCounter)).toBe(3);
    expect(yamlLineOf(doc, ['items', 0, 'anyOf', 0, 'categories', 0], lineCounter)).toBe(5);
  });

  it('puts a block list at its key (case file) or at its first entry (checklist)', () => {
    expect(yamlLineOf(doc, ['items', 0, 'anyOf'], lineCounter)).toBe(4);
    expect(yamlLineOf(doc, ['items', 0, 'anyOf'], lineCounter, 'first-entry')).toBe(5);
  });
});

describe('usage errors share one base class', () => {
  it('a missing case folder and a refused output path are UsageErrors', () => {
    expect(new CaseNotFoundError('/x')).toBeInstanceOf(UsageError);
    expect(new CaseNotFoundError('/x').message).toBe('case folder not found: /x');
    expect(new OutputRefusedError('exists', 'p exists')).toBeInstanceOf(UsageError);
    expect(new OutputRefusedError('exists', 'p exists').reason).toBe('exists');
  });
});
