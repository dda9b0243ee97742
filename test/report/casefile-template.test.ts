import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/casefile/load.js';
import { parse as parseYaml } from 'yaml';
import { CaseFileSchema } from '../../src/casefile/schema.js';
import { SCAN_SCHEMA_VERSION, type ScanResult } from '../../src/model/scan.js';
import { renderCaseFileTemplate } from '../../src/report/casefile-template.js';

// The template as a pure rendering of a scan; `casepack init` end to end is in test/e2e/init-command.test.ts.
describe('date-order guess', () => {
  it('writes dateOrder live only when the documents agree', async () => {
    const scanWith = (texts: string[]): ScanResult => ({
      schemaVersion: SCAN_SCHEMA_VERSION, tool: { name: 'casepack', version: 't' }, root: '/c',
      summary: { files: texts.length, bytes: 0, byFamily: {}, skippedJunk: 0 },
      files: texts.map((t, i) => ({ path: `${i}.txt`, size: 1, mtimeMs: 0, family: 'text', text: { encoding: 'utf-8', chars: t.length, content: t } })),
      dicom: { studies: [] }, duplicates: [], patients: [], findings: [],
    });
    const today = new Date('2026-01-15');
    const agree = parseCaseFile(renderCaseFileTemplate(scanWith(['Seen 25/03/2025', 'Collected 14/02/2025']), { today }));
    expect(agree.caseFile?.dateOrder).toBe('DMY');
    const mixed = renderCaseFileTemplate(scanWith(['Seen 25/03/2025', 'Collected 03/25/2025']), { today });
    expect(parseCaseFile(mixed).caseFile?.dateOrder).toBeUndefined();
    expect(mixed).toContain('The documents disagree: 1 write day first, 1 month first');
  });
});

describe('the commented examples', () => {
  it('are a valid casepack.yaml once uncommented (sender, recipient, treatments, allergies, attendants, facts)', () => {
    const template = renderCaseFileTemplate({ files: [], patients: [] } as unknown as ScanResult, { today: new Date('2026-01-01') });
    const block = template.slice(template.indexOf('# diagnosis:'), template.indexOf('# findings:'))
      .split('\n').map((line) => line.replace(/^# ?/, '').replace(/\s+#\s.*$/, '')).join('\n');
    const parsed = CaseFileSchema.safeParse(parseYaml(block));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.treatments?.[0]?.name).toBe('mFOLFIRINOX');
    expect(parsed.data?.sender?.name).toBeTruthy();
  });
});
