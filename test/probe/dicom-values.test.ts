import { describe, expect, it } from 'vitest';
import { isoFromDicomDate } from '../../src/probe/dicom/values.js';

describe('isoFromDicomDate', () => {
  it.each([
    ['20250912', '2025-09-12'],
    ['2025.09.12', '2025-09-12'],
    ['20240229', '2024-02-29'],
    ['20000229', '2000-02-29'],
    [' 20250101 ', '2025-01-01'],
    ['20250912123000', '2025-09-12'],
  ])('%s -> %s', (raw, iso) => expect(isoFromDicomDate(raw)).toBe(iso));

  it.each(['20230229', '19000229', '20251301', '20250431', '20250100', '00000000', '18000101', 'UNKNOWN', '2025-09', ''])('rejects %s', (raw) => {
    expect(isoFromDicomDate(raw)).toBeUndefined();
  });
});
