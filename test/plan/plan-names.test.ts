import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameRegistry, portableComponent, splitExtension } from '../../src/plan/names.js';

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

describe('portableComponent', () => {
  it('keeps only portable characters, is bounded, never empty, never a reserved device name', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
      const name = portableComponent(raw);
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(name.length).toBeLessThanOrEqual(81);
      expect(RESERVED.test(name.split('.')[0] ?? '')).toBe(false);
      expect(name).toBe(name.normalize('NFC'));
      expect(/^[._-]|[ .]$/.test(name)).toBe(false);
    }));
  });

  it('turns accents into base letters and other scripts into the fallback', () => {
    expect(portableComponent('Résumé de séjour')).toBe('Resume_de_sejour');
    expect(portableComponent('Straße')).toBe('Strasse');
    expect(portableComponent('فاطمة', 'Document')).toBe('Document');
    expect(portableComponent('H&E block: A1?')).toBe('H_E_block_A1');
  });

  it('avoids Windows device names', () => {
    expect(portableComponent('CON')).toBe('CON_');
    expect(portableComponent('nul.txt')).toBe('nul.txt_');
    expect(portableComponent('console')).toBe('console');
  });

  it('splits short alphanumeric extensions only', () => {
    expect(splitExtension('Report.PDF')).toEqual(['Report', '.pdf']);
    expect(splitExtension('IM0001')).toEqual(['IM0001', '']);
    expect(splitExtension('.hidden')).toEqual(['.hidden', '']);
    expect(splitExtension('a.b c')).toEqual(['a.b c', '']);
  });
});

describe('NameRegistry', () => {
  it('gives deterministic suffixes and treats names differing only in case as clashes', () => {
    const a = new NameRegistry();
    expect(a.claim('', 'Pathology_2025-09-12', '.pdf')).toBe('Pathology_2025-09-12.pdf');
    expect(a.claim('', 'pathology_2025-09-12', '.pdf')).toBe('pathology_2025-09-12_2.pdf');
    expect(a.claim('', 'Pathology_2025-09-12', '.pdf')).toBe('Pathology_2025-09-12_3.pdf');
    expect(a.claim('Other/', 'Pathology_2025-09-12', '.pdf')).toBe('Other/Pathology_2025-09-12.pdf');
  });

  it('never hands out the same path twice', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'A', 'b', 'a_2', 'A_2'), { maxLength: 40 }), (stems) => {
      const registry = new NameRegistry();
      const paths = stems.map((s) => registry.claim('', s, '.pdf').toLowerCase());
      expect(new Set(paths).size).toBe(paths.length);
    }));
  });
});
