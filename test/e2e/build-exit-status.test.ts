import { describe, expect, it } from 'vitest';
import { buildExitStatus } from '../../src/cli/commands/build.js';
import { finding } from '../../src/findings/codes.js';

describe('build exit status', () => {
  it('is 3 when no packet was written (a source changed mid-build): retry, not "incomplete"', () => {
    expect(buildExitStatus({ written: false, findings: [finding('BUILD_SOURCE_CHANGED', 'a.pdf')] }, 'complete')).toBe(3);
    expect(buildExitStatus({ written: false, findings: [finding('BUILD_SOURCE_CHANGED', 'a.pdf')] }, 'incomplete')).toBe(3);
  });
  it('is 1 for a written packet of an incomplete case or with error findings, 0 otherwise', () => {
    expect(buildExitStatus({ written: true, findings: [] }, 'incomplete')).toBe(1);
    expect(buildExitStatus({ written: true, findings: [finding('PDF_DAMAGED', 'x.pdf')] }, 'complete')).toBe(1);
    expect(buildExitStatus({ written: true, findings: [finding('PDF_RESTRICTED', 'x.pdf')] }, 'complete')).toBe(0);
  });
  it('is 2 for a written packet of a case whose casepack.yaml is invalid, as check says: a configuration error, not a gap', () => {
    expect(buildExitStatus({ written: true, findings: [finding('CASEFILE_INVALID', 'casepack.yaml')] }, 'incomplete')).toBe(2);
  });
});
