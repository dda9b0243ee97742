import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/check/checklist-schema.js';
import { checkCase } from '../../src/check/index.js';
import { detectLanguage } from '../../src/classify/language.js';
import { scanCase } from '../../src/pipeline/scan.js';
import type { ScanResult } from '../../src/model/scan.js';
import { ENGLISH_WITH_SPANISH_LETTERHEAD, FOREIGN_REPORTS } from '../../tools/synth/foreign-reports.js';
import { makeReportPdf, type ReportSpec } from '../../tools/synth/report-pdf.js';

/** The report as a plain text file, laid out as its PDF would read. */
function specAsText(spec: ReportSpec): string {
  const head = [spec.letterhead?.institution, spec.letterhead?.department, ...(spec.letterhead?.lines ?? []), '', spec.title, ''];
  const fields = (spec.fields ?? []).map(([label, value]) => `${label}: ${value}`);
  const sections = spec.sections.flatMap((s) => ['', s.heading ?? '', ...s.blocks.map((b) => (typeof b === 'string' ? b : ''))]);
  return [...head, ...fields, ...sections, '', ...(spec.signatures ?? []).map((x) => x.name)].filter((l) => l !== undefined).join('\n');
}

/**
 * Reports in Chinese, Spanish, French, German and Hindi, rendered as PDFs with
 * embedded Noto faces (fontkit shapes Devanagari, whose text layer then reads in
 * drawing order, as real ones do) and read back through unpdf by the real scan;
 * the Arabic one as a text file, because the synthetic writer cannot give it a
 * true text layer (report-pdf.ts `unicode`). Each is classified, dated and
 * flagged DOCUMENT_NOT_ENGLISH with its language; an English report with a
 * Spanish letterhead is not flagged.
 */
let dir: string;
let scan: ScanResult;
const today = new Date('2026-01-15T00:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'casepack-languages-'));
  for (const report of FOREIGN_REPORTS) await writeFile(path.join(dir, report.file), report.file.endsWith('.pdf') ? await makeReportPdf(report.spec) : specAsText(report.spec));
  await writeFile(path.join(dir, 'histology.pdf'), await makeReportPdf(ENGLISH_WITH_SPANISH_LETTERHEAD));
  scan = await scanCase(dir, { today, ocr: { enabled: false } });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileOf = (name: string) => {
  const file = scan.files.find((f) => f.path === name);
  if (!file) throw new Error(`${name} not scanned`);
  return file;
};

describe('reports in other languages, as PDFs through text extraction', () => {
  for (const report of FOREIGN_REPORTS) {
    it(`${report.languageName}: ${report.category} of ${report.date}, flagged as ${report.languageName}`, () => {
      const file = fileOf(report.file);
      expect(file.pdf?.text ?? file.text?.content ?? '').not.toBe('');
      expect(file.classification?.language?.code).toBe(report.language);
      expect(file.classification?.category).toBe(report.category);
      expect(file.classification?.date?.date).toBe(report.date);
      expect(file.classification?.date?.source).toBe('content');
      const flagged = scan.findings.filter((f) => f.code === 'DOCUMENT_NOT_ENGLISH' && f.paths.includes(report.file));
      expect(flagged).toHaveLength(1);
      expect(flagged[0]?.severity).toBe('warning');
      expect(flagged[0]?.message).toContain(report.languageName);
      expect(flagged[0]?.hint).toMatch(/translation/);
    });
  }

  it('an English report with a Spanish letterhead and address is English and not flagged', () => {
    const file = fileOf('histology.pdf');
    expect(file.classification?.language?.code).toBe('en');
    expect(file.classification?.category).toBe('pathology-report');
    expect(scan.findings.filter((f) => f.code === 'DOCUMENT_NOT_ENGLISH' && f.paths.includes('histology.pdf'))).toEqual([]);
  });
});

describe('detectLanguage', () => {
  it('says und for a name and a date, and decides on the body, not the letterhead', () => {
    expect(detectLanguage('Paciente: Ana Ruiz\n12/03/2025').code).toBe('und');
    const letterhead = ['Hôpital Saint-Louis', 'Service d\u2019anatomie et de cytologie pathologiques', '1 avenue Claude Vellefaux, 75010 Paris', 'Téléphone du secrétariat médical : 01 42 49 49 49', 'Consultations du lundi au vendredi'];
    const body = 'The specimen consists of three cores of pale tissue. Sections show an invasive adenocarcinoma with a desmoplastic stroma. The margins are not assessable in this material and there is no evidence of lymphovascular invasion.';
    expect(detectLanguage([...letterhead, '', '', '', '', '', 'Pathology report', body].join('\n')).code).toBe('en');
  });

  it('reads a report in Arabic-Indic digits and Devanagari alike', () => {
    expect(detectLanguage('تم إجراء فحص التصوير المقطعي للبطن والحوض مع الصبغة ولم تظهر أي آفات في الكبد أو الطحال ولا يوجد سائل حر في البطن').code).toBe('ar');
    expect(detectLanguage('पेट और श्रोणि का कंट्रास्ट के साथ सीटी स्कैन किया गया और यकृत में कोई गांठ नहीं मिली तथा पित्त नली सामान्य है').code).toBe('hi');
  });

  it('reads a Chinese record full of Latin abbreviations and units as Chinese (franc alone read it as Tagalog)', () => {
    const record = '患者于2019-03-05行CT检查示：右肺上叶见结节，大小约2.1cm×1.8cm，CEA 12.5ng/ml，CA125 35U/ml，PET-CT SUVmax 8.2，WBC 5.6×10^9/L，Hb 120g/L，PLT 210×10^9/L，ALT 35U/L，AST 28U/L，TBIL 12umol/L。行VATS右肺上叶切除术，术后病理：(右肺上叶)浸润性腺癌，EGFR exon 19 del，ALK(-)，ROS1(-)，PD-L1 TPS 5%。予TC方案化疗4周期。';
    expect(detectLanguage(record).code).toBe('zh');
    // The same weighing keeps kana and Hangul apart from Chinese, and a Chinese name in an English report English.
    expect(detectLanguage('患者はCT検査で右肺上葉に結節を認め、CEA 12.5ng/ml、PET-CT SUVmax 8.2、手術を行いました。病理は浸潤性腺癌でした。').code).toBe('ja');
    expect(detectLanguage('환자는 CT 검사에서 우측 폐 상엽에 결절이 보였고 CEA 12.5ng/ml, PET-CT SUVmax 8.2 이었으며 수술을 시행하였습니다. 병리는 침윤성 선암이었습니다.').code).toBe('ko');
    expect(detectLanguage('Patient: 王秀英. The specimen consists of three cores of pale tissue. Sections show an invasive adenocarcinoma with a desmoplastic stroma and no lymphovascular invasion.').code).toBe('en');
  });
});

describe('a checklist item that asks for English', () => {
  it('is not met by a Spanish summary, even when its category is overridden, and says why', async () => {
    const spanish = FOREIGN_REPORTS.find((r) => r.language === 'es');
    if (!spanish) throw new Error('no Spanish report');
    const caseDir = await mkdtemp(path.join(tmpdir(), 'casepack-english-item-'));
    try {
      await writeFile(path.join(caseDir, 'informe.pdf'), await makeReportPdf(spanish.spec));
      const caseFile = { overrides: [{ path: 'informe.pdf', category: 'clinical-summary' as const }] };
      const caseScan = await scanCase(caseDir, { today, ocr: { enabled: false }, caseFile: caseFile as never });
      expect(caseScan.files[0]?.classification?.override?.fields).toContain('category');
      const result = checkCase(caseScan, await loadChecklist('hospital-submission'), { asOf: '2025-11-20' });
      const item = result.items.find((i) => i.id === 'clinical-summary');
      expect(item?.status).toBe('partial');
      expect(item?.satisfiedBy).toEqual([]);
      expect(item?.detail).toContain('informe.pdf is in Spanish; the item asks for English');
      const partial = result.findings.find((f) => f.code === 'ITEM_PARTIAL' && (f.details as { item?: string } | undefined)?.item === 'clinical-summary');
      expect(partial?.paths).toEqual(['informe.pdf']);
    } finally {
      await rm(caseDir, { recursive: true, force: true });
    }
  }, 60_000);
});
