import { describe, expect, it } from 'vitest';
import { isBoilerplate } from '../../src/classify/title.js';

/** OCR mangles a letterhead's labels ("Tel." read as "Te."): its phone number still marks the line as letterhead. */
describe('letterhead lines read by OCR', () => {
  const none = new Set<string>();
  it('a line with a phone number in groups is letterhead whatever its label became', () => {
    for (const line of ['Te. 000 000 0000 - synthetic demo data', 'Tei: 020 7946 0000', '+44 20 7946 0000', 'Switchboard (020) 7946 0000']) expect(isBoilerplate(line, none), line).toBe(true);
  });
  it('a title with a date or a reference number is not', () => {
    for (const line of ['ONCOLOGY CLINIC LETTER', 'CT CHEST 12/09/2025', 'Histopathology Report H25-04417', 'Report 2025-09-12']) expect(isBoilerplate(line, none), line).toBe(false);
  });
});
