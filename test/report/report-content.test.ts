import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCase } from '../../src/check/index.js';
import { CheckResultSchema } from '../../src/model/check.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { mixedCase, ScanBuilder } from '../support/scan-builder.js';

describe('Markdown, JSON and HTML reports of the same case say the same things', () => {
  it('the check behind the reports has the outcomes the reports must show', async () => {
    const { check } = await mixedCase();
    const status = Object.fromEntries(check.items.map((i) => [i.id, i.status]));
    expect(status).toMatchObject({
      'pathology-report': 'met', 'pathology-slides': 'met', 'imaging-dicom': 'partial', 'imaging-reports': 'met',
      'treatment-summary': 'met', 'medication-list': 'missing', 'ca19-9-series': 'partial', 'liver-tests-blood-count': 'partial',
      'operative-report': 'not-applicable', 'eus-report': 'missing', 'prior-imaging': 'partial',
    });
    expect(check.items.find((i) => i.id === 'eus-report')).toMatchObject({ severity: 'recommended', checklistSeverity: 'required', assumedFacts: ['endoscopicUltrasound'] });
  });

  it('Markdown: sections in reading order, each missing item with why and whom to ask, requests by department, escaped names', async () => {
    const { scan, check } = await mixedCase();
    const md = renderMarkdown(check, scan);
    const order = ['## Missing: needed', '## Missing: recommended', '## What to ask for, by department', '## File problems', '## Already there', '## Not needed for this case', '## What we assumed'];
    const positions = order.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain('# Second-opinion checklist: Jane \\<b\\>Doe&amp;');
    expect(md).toContain('✗ **Incomplete.**');
    expect(md).toContain('6 of 15 items there · 5 partly there · 4 missing (0 needed, 4 recommended) · 2 not needed');
    expect(md).toMatch(/- ◐ \*\*Pancreas-protocol CT or MRI as DICOM files\*\* — partly there: only pictures of scans/);
    expect(md).toContain('Ask **Radiology**: “Please send the full DICOM files, including all series and phases, of the pancreas-protocol CT or MRI of 5 October 2025');
    expect(md).toContain('### Laboratory or treating oncologist');
    expect(md).toContain('sent: 4 × glass slides, by DHL, tracking JD0146');
    expect(md).toContain('`PDF_ENCRYPTED`');
    expect(md).toContain('`IMAGING_NOT_DICOM`');
    expect(md).toContain('an endoscopic ultrasound (EUS) was done');
    expect(md).not.toContain('<script>alert');
    // Where the checklist comes from, for the family's trust and the reviewer's context.
    expect(md).toMatch(/This checklist is based on: US National Cancer Institute/);
    expect(md).toContain(check.checklist.description ?? 'no description');
    // Every item appears exactly once.
    for (const item of check.items) expect(md.split(`**${item.title.replace(/([\\`*_[\]<>|#])/g, '\\$1')}**`).length - 1, item.id).toBe(1);
  });

  it('JSON: the check result itself, valid against its schema', async () => {
    const { check } = await mixedCase();
    const parsed = CheckResultSchema.parse(JSON.parse(renderJson(check)));
    expect(parsed).toEqual(check);
  });

  it('HTML: self-contained (no external URL), escaped, with one list entry per item and one email per department', async () => {
    const { scan, check } = await mixedCase();
    const html = renderHtml(check, scan);
    expect(html).not.toMatch(/(src|href)=["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Jane &lt;b&gt;Doe&amp;amp;');
    expect(html).toMatch(/<footer><p>This checklist is based on: US National Cancer Institute/);
    expect(html.match(/<li class="(met|partial|missing|not-applicable)" data-item=/g)).toHaveLength(check.items.length);
    const departments = new Set(check.items.filter((i) => i.status === 'missing' || i.status === 'partial').map((i) => i.request?.department));
    expect(html.match(/<pre class="email"/g)).toHaveLength(departments.size);
  });

  it('a complete case says so in every format', async () => {
    const scan = new ScanBuilder().doc('p.pdf', 'pathology-report', { date: '2025-09-12', text: 'Date of biopsy: 12 September 2025' }).doc('s.svs', 'pathology-slides', { family: 'slide' })
      .study('CD', 'CT', '2025-10-05').doc('r.pdf', 'imaging-report', { date: '2025-10-05', modality: 'CT' }).doc('l.pdf', 'clinical-summary', { date: '2025-10-05' })
      .doc('m.pdf', 'medication-list', { date: '2025-10-05' }).build();
    const check = checkCase(scan, await loadChecklist('general'), { asOf: '2025-11-01', caseFile: { questions: ['Is surgery possible?'], allergies: ['none known'] } });
    expect(check.status).toBe('complete');
    expect(renderMarkdown(check, scan)).toContain('✓ **Complete.** Everything this checklist needs is here.');
    expect(renderMarkdown(check, scan)).not.toContain('## What to ask for');
    expect(renderHtml(check, scan)).toContain('✓ Complete.');
    expect(renderMarkdown(check, scan)).toContain('CT scan, 5 October 2025 (3 images)');
  });
});
