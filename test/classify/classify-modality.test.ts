import { describe, expect, it } from 'vitest';
import { detectModality } from '../../src/classify/modality.js';

describe('detectModality', () => {
  it('prefers the exam named in the title over the service on the letterhead', () => {
    const text = 'Nuclear Medicine\nPET-CT FDG WHOLE BODY REPORT\nFindings: FDG-avid lesion in the pancreatic head, SUVmax 7.2.';
    expect(detectModality(text)?.modality).toBe('PET_CT');
  });

  it('still reads a nuclear-medicine service report with no other exam named as NM', () => {
    expect(detectModality('Nuclear Medicine\nReport\nThyroid uptake study: normal.')?.modality).toBe('NM');
  });

  it('reads a bone scan as NM even under a radiology letterhead', () => {
    expect(detectModality('Whole body bone scan\nNo focal uptake suggesting metastases.')?.modality).toBe('NM');
  });
});
