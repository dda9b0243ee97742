import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../src/model/scan.js';
import {
  cantemistDocument, casText, ccks2017Documents, characterShinglesOf, dragonDocuments, dragonReport, e3cDocument, fillUnseenCache, germanLetterDates, indianaDocuments, isBlind, medtxtReportDocuments, overlapShare, parseCsv,
  readUnseenCache, sampleOf, shinglesOf, splitOf, xmiText, yiduDocuments,
  type UnseenDocument,
} from '../../tools/eval/unseen-sources.js';
import { familyName, layoutOf, outcomeOf, outcomesToShare, printoutOf, printUnseen, sectionsOf, UNSEEN_LAYOUTS, type UnseenOutcome } from '../../tools/eval/unseen.js';

// Every text here is invented for the test: no source's own text is kept in the repository.
const dir = mkdtempSync(path.join(tmpdir(), 'casepack-unseen-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the Indiana reports CSV', () => {
  it('keeps quoted commas, doubled quotes and line breaks inside a field', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\r\nlast,\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere'], ['last', '']]);
  });
  it('makes one imaging report a row, with the sections the row has and no title, and skips rows without findings or impression', () => {
    const csv = 'uid,MeSH,Problems,image,indication,comparison,findings,impression\n'
      + '7,normal,normal,Chest two views,"Cough, fever",None.,Lungs clear.,No acute disease.\n'
      + '8,normal,normal,Chest two views,Pain,,,\n';
    const docs = indianaDocuments(csv);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ source: 'indiana-cxr', id: '7', label: 'imaging-report', language: 'en' });
    expect(docs[0]?.text).toBe('EXAMINATION: Chest two views\nINDICATION: Cough, fever\nCOMPARISON: None.\nFINDINGS: Lungs clear.\nIMPRESSION: No acute disease.');
  });
});

describe('reading GraSCCo CAS exports', () => {
  it('takes the sofaString of the CAS', () => {
    const json = JSON.stringify({ '%TYPES': {}, '%FEATURE_STRUCTURES': [{ '%TYPE': 'x' }, { '%TYPE': 'uima.cas.Sofa', sofaString: 'Sehr geehrte Frau Kollegin' }] });
    expect(casText(json)).toBe('Sehr geehrte Frau Kollegin');
    expect(casText(JSON.stringify({ '%FEATURE_STRUCTURES': [] }))).toBeUndefined();
  });
});

describe('the dates a German letter is rightly dated by (fixed before casepack runs)', () => {
  it('takes the letter\'s own date line, numeric or written', () => {
    expect(germanLetterDates('Klinik Nord\n\n\t\tHamburg, den 03.04.2031\n\nSehr geehrte Kollegin,')).toEqual(['2031-04-03']);
    expect(germanLetterDates('Kiel, 7. März 2030\nSehr geehrter Herr Kollege')).toEqual(['2030-03-07']);
    expect(germanLetterDates('Arztbrief vom 2.9.2040\nwir berichten')).toEqual(['2040-09-02']);
    expect(germanLetterDates('Name: Test\nDatum: 09/10/2015\nBefund')).toEqual(['2015-10-09']);
  });
  it('adds the last day of the stay the letter is about, not of an earlier stay or letter it quotes', () => {
    const text = 'Lübeck, am 20.6.2031\nwir berichten über Herrn Probe, der sich vom 1.6. bis zum 14.6.2031 in stationärer Behandlung befand.\n'
      + 'Bekannt aus Aufenthalten, zuletzt vom 02.01.2029 bis 09.01.2029. Wir verweisen auf unseren Brief vom 10.01.2029.';
    expect(germanLetterDates(text)).toEqual(['2031-06-14', '2031-06-20']);
    expect(germanLetterDates('die sich vom 3. - 19. Mai 2032 bei uns befand')).toEqual(['2032-05-19']);
  });
  it('reads an out-patient visit with a two-digit year, and finds nothing in a letter without a date of its own', () => {
    expect(germanLetterDates('die sich am 04.05.27 in unserer ambulanten Behandlung befand')).toEqual(['2027-05-04']);
    expect(germanLetterDates('Befund vom 12.12.2020 zeigte eine Besserung.\nOperation am 3.3.2021.')).toEqual([]);
  });
});

describe('reading DRAGON sample pages', () => {
  const page = (body: string): string => `# Task\nLabel: x\n\n\`\`\`\n['O', 'O']\n\`\`\`\n\nAnonymous sample report:\n\`\`\`\n##############################\nDISCLAIMER:\nSURROGATES.\n##############################\n${body}\n\`\`\`\n`;
  const body = 'Clinical data: invented test case for the parser, long enough to count as a report.\nConclusion:\nNo abnormality in this invented text.';
  it('takes the last fenced block without the disclaimer banner, and no JSON array', () => {
    expect(dragonReport(page(body))).toBe(body);
    expect(dragonReport('```\n[\n "a sentence", "another"\n]\n```')).toBeUndefined();
  });
  it('labels by task, leaves task 14 out, and keeps a report shared by two tasks once per language', () => {
    const docs = dragonDocuments([
      { path: 'english/Task010_prostate_radiology_clf.md', markdown: page(body) },
      { path: 'english/Task020_psa_reg.md', markdown: page(body) },
      { path: 'english/Task014_textual_entailment_clf.md', markdown: page(`${body} other`) },
      { path: 'dutch/Task011_prostate_pathology_clf.md', markdown: page(`${body} nl`) },
    ]);
    expect(docs.map((d) => [d.source, d.id, d.label])).toEqual([['dragon-nl', 'task011', 'pathology-report'], ['dragon-en', 'task010', 'imaging-report']]);
  });
});

describe('splitting and sampling', () => {
  it('puts about a third in the tuning part, the same way every time', () => {
    const ids = Array.from({ length: 600 }, (_, i) => ({ source: 'indiana-cxr' as const, id: String(i) }));
    const tuning = ids.filter((d) => splitOf(d) === 'tuning').length;
    expect(tuning).toBeGreaterThan(160);
    expect(tuning).toBeLessThan(240);
    expect(ids.map(splitOf)).toEqual(ids.map(splitOf));
  });
  it('samples by id, not by the source\'s order', () => {
    const docs = Array.from({ length: 50 }, (_, i): UnseenDocument => ({ source: 'codiesp-es', id: `S${i}`, language: 'es', label: 'clinical-summary', text: 'x' }));
    const a = sampleOf(docs, 10).map((d) => d.id);
    expect(a).toEqual(sampleOf([...docs].reverse(), 10).map((d) => d.id));
    expect(a).not.toEqual(docs.slice(0, 10).map((d) => d.id));
  });
});

describe('filling the cache from a snapshot folder', () => {
  it('finds the known sources by their paths and writes one JSON line a document', () => {
    const snap = path.join(dir, 'snap');
    mkdirSync(path.join(snap, 'final', 'test', 'text_files'), { recursive: true });
    const narrative = 'Paciente de prueba inventado para el test. '.repeat(8);
    writeFileSync(path.join(snap, 'final', 'test', 'text_files', 'S0000-000-1.txt'), narrative);
    writeFileSync(path.join(snap, 'final', 'test', 'text_files', 'S0000-000-2.txt'), 'corto');
    writeFileSync(path.join(snap, 'indiana_reports.csv'), 'uid,image,indication,comparison,findings,impression\n1,Chest,Cough,None,Clear.,Normal.\n');
    const cache = path.join(dir, 'cache');
    const counts = fillUnseenCache([snap], cache);
    expect(Object.fromEntries(counts)).toEqual({ 'indiana-cxr': 1, 'codiesp-es': 1 });
    const docs = readUnseenCache(cache);
    expect(docs?.map((d) => `${d.source}/${d.id}/${d.label}`).sort()).toEqual(['codiesp-es/S0000-000-1/clinical-summary', 'indiana-cxr/1/imaging-report']);
    expect(readFileSync(path.join(cache, 'documents.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readUnseenCache(path.join(dir, 'nothing-here'))).toBeUndefined();
  });
});

describe('printing and scoring', () => {
  it('turns "Heading: text" lines into sections in any language, and prints no title', () => {
    expect(sectionsOf('Befund: unauffällig\nfreier Text\nImpresión diagnóstica:\nnada')).toEqual([
      { heading: 'Befund', blocks: ['unauffällig', 'freier Text'] }, { heading: 'Impresión diagnóstica', blocks: ['nada'] }]);
    const doc: UnseenDocument = { source: 'grascco-de', id: 'x', language: 'de', label: 'discharge-summary', text: 'Diagnosen: Test über' };
    const spec = printoutOf(doc, 'patient-header');
    expect(spec.title).toBe('');
    expect(spec.unicode).toBe(true);
    expect(spec.fieldsBeforeTitle).toBe(true);
    expect(spec.fields?.[0]?.[0]).toBe('Patient');
  });
  it('prints a document the same way whether its source is run alone or with the others', () => {
    const docs = Array.from({ length: 80 }, (_, i) => ({ source: 'grascco-de' as const, id: `L${i}` }));
    expect(new Set(docs.map(layoutOf))).toEqual(new Set(UNSEEN_LAYOUTS));
    expect(familyName(docs[3]!, 3)).toBe(familyName({ ...docs[3]! }, 3));
    expect(familyName(docs[3]!, 3)).toMatch(/^[A-Za-z _]+\d+\.pdf$/);
  });
  it('counts a category the source also allows as right, and an uncertain answer as abstained', () => {
    const doc: UnseenDocument = { source: 'grascco-de', id: 'x', language: 'de', label: 'discharge-summary', alsoAccepted: ['clinical-summary'], text: '' };
    const c = (category: Classification['category'], extra: Partial<Classification> = {}): Classification => ({ category, confidence: 0.8, reasons: [], date: null, ...extra });
    expect(outcomeOf(doc, c('clinical-summary'))).toEqual({ truth: 'clinical-summary', predicted: 'clinical-summary', confidence: 0.8 });
    expect(outcomeOf(doc, c('operative-report'))).toEqual({ truth: 'discharge-summary', predicted: 'operative-report', confidence: 0.8 });
    expect(outcomeOf(doc, c('discharge-summary', { tiedWith: ['clinical-summary'] })).predicted).toBeUndefined();
    expect(outcomeOf(doc, c('other', { confidence: 0 })).predicted).toBeUndefined();
  });
});

describe('reading E3C CAS XMI exports', () => {
  it('decodes the sofaString and labels a layer-1 case by its folder\'s language', () => {
    const xml = `<?xml version="1.0"?><xmi:XMI><cas:Sofa xmi:id="12" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="${'Patiente de 40 ans, invent&#233;e pour le test &amp; rien d&apos;autre.&#10;'.repeat(4)}"/></xmi:XMI>`;
    const doc = e3cDocument('data_annotation/French/layer1/FR999.xml', xml);
    expect(doc).toMatchObject({ source: 'e3c-fr', id: 'FR999', language: 'fr', label: 'clinical-summary' });
    expect(doc?.text.split('\n')[0]).toBe('Patiente de 40 ans, inventée pour le test & rien d\'autre.');
    expect(e3cDocument('data_annotation/French/layer2/FR999.xml', xml)).toBeUndefined();
    expect(xmiText('<xmi:XMI></xmi:XMI>')).toBeUndefined();
  });
});

describe('blind sources (measured once, never tuned on)', () => {
  it('holds out every document of a blind source, and only of those', () => {
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    expect(isBlind('cantemist-es')).toBe(true);
    expect(isBlind('codiesp-es')).toBe(false);
    expect(new Set(ids.map((id) => splitOf({ source: 'cantemist-es', id })))).toEqual(new Set(['heldout']));
    expect(new Set(ids.map((id) => splitOf({ source: 'e3c-it', id })))).toEqual(new Set(['heldout', 'tuning']));
  });
  it('splits yidu-zh like a non-blind source once its failure was known (a tuning third, the rest held out)', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `train1-${i}`);
    expect(isBlind('yidu-zh')).toBe(false);
    const tuning = ids.filter((id) => splitOf({ source: 'yidu-zh', id }) === 'tuning').length;
    expect(tuning).toBeGreaterThan(60);
    expect(tuning).toBeLessThan(140);
  });
  it('reads a CANTEMIST case from any of its folders, and Yidu-S4K lines without the leading comma', () => {
    const text = 'ANAMNESIS\nMujer de 50 años inventada para la prueba. '.repeat(6);
    expect(cantemistDocument('cantemist/test-set/cantemist-ner/cc_onco12.txt', text)).toMatchObject({ source: 'cantemist-es', id: 'cc_onco12', label: 'clinical-summary' });
    expect(cantemistDocument('cantemist/background-set/cc_onco12.txt', text)).toBeUndefined();
    const line = (t: string): string => JSON.stringify({ originalText: t, entities: [] });
    const body = '患者因测试入院，'.repeat(20);
    const docs = yiduDocuments('yidu-s4k/subtask1_test_set_with_answer.json', `\uFEFF${line(`，${body}`)}\n\n${line('短')}\n`);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: 'test-1', language: 'zh', label: 'clinical-summary', alsoAccepted: ['discharge-summary'] });
    expect(docs[0]?.text.startsWith('患者')).toBe(true);
  });
  it('joins the four parts of a CCKS 2017 record under their own names, and leaves out a record of one part', () => {
    const part = (section: string, n: number, set = 'Train'): { path: string; text: string } => ({ path: `Data/${set}/${section}/${section}-${n}.txtoriginal.txt`, text: `${section}的测试文字，患者为虚构。`.repeat(6) });
    const docs = ccks2017Documents([part('出院情况', 1), part('一般项目', 1), part('病史特点', 1), part('诊疗经过', 1), part('一般项目', 2), part('一般项目', 3, 'Test'), part('病史特点', 3, 'Test'),
      { path: 'Bi-LSTM-CRF/test/一般项目/一般项目-3.txtoriginal.txt', text: '副本不读' }]);
    expect(docs.map((d) => d.id)).toEqual(['test-3', 'train-1']);
    expect(docs[1]).toMatchObject({ source: 'ccks2017-zh', language: 'zh', label: 'discharge-summary', alsoAccepted: ['clinical-summary'] });
    expect(docs[1]?.text.split('\n').filter((l) => ['一般项目', '病史特点', '诊疗经过', '出院情况'].includes(l))).toEqual(['一般项目', '病史特点', '诊疗经过', '出院情况']);
    expect(docs[0]?.text).not.toContain('副本');
    expect(isBlind('ccks2017-zh')).toBe(true);
    expect(characterShinglesOf('患者，因 腹痛入院治疗。').size).toBe(2);
  });
  it('leaves out a CANTEMIST case that CodiEsp already holds, judged by text not by name', () => {
    const snap = path.join(dir, 'snap-blind');
    const write = (file: string, text: string): void => { mkdirSync(path.dirname(path.join(snap, file)), { recursive: true }); writeFileSync(path.join(snap, file), text); };
    const shared = Array.from({ length: 60 }, (_, i) => `palabra${i}`).join(' ');
    write('final_dataset_v4_to_publish/train/text_files/S1.txt', shared);
    write('cantemist/train-set/cantemist-coding/txt/cc_onco1.txt', `Caso reeditado. ${shared}`);
    write('cantemist/dev-set1/cantemist-ner/cc_onco2.txt', Array.from({ length: 60 }, (_, i) => `otra${i}`).join(' '));
    write('cantemist/dev-set1/cantemist-norm/cc_onco2.txt', 'the same id again, read once');
    expect(overlapShare(`Caso reeditado. ${shared}`, shinglesOf(shared))).toBeGreaterThan(0.9);
    const counts = fillUnseenCache([snap], path.join(dir, 'cache-blind'));
    expect(counts.get('cantemist-es')).toBe(1);
    expect(readUnseenCache(path.join(dir, 'cache-blind'))?.filter((d) => d.source === 'cantemist-es').map((d) => d.id)).toEqual(['cc_onco2']);
  });
  it('reads the radiology report each JMED-LLM RRTNM question quotes, once for its T, N and M questions', () => {
    // The task's CSV shape with invented reports: a question line, then the report in 「」 over several lines.
    const report = '右上葉に長径 30mm の腫瘤があります。辺縁は不整です。\n肺癌と考えます。\n縦隔リンパ節の腫大は認めません。\n骨に異常はありません。';
    const other = '左下葉に小結節を認めます。炎症後変化と考えます、半年後の経過観察をお勧めします。\n胸水はありません。肝に異常なし。';
    const row = (tag: string, question: string, text: string): string => `${tag},"${question}\n「${text}」",あり,なし,,,,A`;
    const header = 'tag,question,optionA,optionB,optionC,optionD,optionE,answer';
    const rows = [row('T', '以下の読影レポートには原発腫瘍がありますか？', report), row('N', '以下の読影レポートには所属リンパ節転移がありますか？', report),
      row('M', '以下の読影レポートには遠隔転移がありますか？', other), row('T', '以下の読影レポートには原発腫瘍がありますか？', '短い'), 'T,"「」のない質問",A,B,,,,A'];
    const docs = medtxtReportDocuments([header, ...rows].join('\n'));
    expect(docs.map((d) => d.text)).toEqual([report, other]);
    expect(docs[0]).toMatchObject({ source: 'medtxt-rr-ja', language: 'ja', label: 'imaging-report' });
    expect(docs[0]?.id).toMatch(/^rr-[0-9a-f]{10}$/);
    expect(medtxtReportDocuments([header, rows[2], rows[1]].join('\n')).map((d) => d.id)).toEqual([docs[1]?.id, docs[0]?.id]);
    expect(medtxtReportDocuments('tag,answer\nT,A\n')).toEqual([]);
    expect(medtxtReportDocuments([header, row('T', '問', report.replace('長', '\u2ED1'))].join('\n'))[0]?.text).toBe(report);
    expect(isBlind('medtxt-rr-ja')).toBe(true);
  });
  it('reads a Basque E3C case as a blind source of its own, leaving the other E3C languages as they were', () => {
    const xml = `<xmi:XMI><cas:Sofa sofaNum="1" sofaString="${'Asmatutako 40 urteko gaixoa, proba honetarako idatzia.&#10;'.repeat(5)}"/></xmi:XMI>`;
    expect(e3cDocument('data_annotation/Basque/layer1/EU999.xml', xml)).toMatchObject({ source: 'e3c-eu', id: 'EU999', language: 'eu', label: 'clinical-summary' });
    expect(e3cDocument('data_annotation/Basque/layer2/EU999.xml', xml)).toBeUndefined();
    expect(e3cDocument('data_annotation/Spanish/layer1/ES999.xml', xml)).toBeUndefined();
    expect(isBlind('e3c-eu')).toBe(true);
    expect(isBlind('e3c-fr')).toBe(false);
  });
  it('writes the sources added in s11 after the others, so earlier documents keep their place (and file names) in a run', () => {
    const snap = path.join(dir, 'snap-late');
    const write = (file: string, text: string): void => { mkdirSync(path.dirname(path.join(snap, file)), { recursive: true }); writeFileSync(path.join(snap, file), text); };
    const sofa = (words: string): string => `<xmi:XMI><cas:Sofa sofaNum="1" sofaString="${`${words}. `.repeat(12)}"/></xmi:XMI>`;
    write('data_annotation/Basque/layer1/EU1.xml', sofa('Gaixo asmatua proba honetarako'));
    write('data_annotation/English/layer1/EN1.xml', sofa('An invented patient for this test'));
    write('datasets/all/RRTNM.csv', 'tag,question,answer\nT,"問\n「右上葉に長径 30mm の腫瘤があります。肺癌と考えます。縦隔リンパ節の腫大は認めません。骨に異常はありません。」",A\n');
    const cache = path.join(dir, 'cache-late');
    fillUnseenCache([snap], cache);
    expect(readUnseenCache(cache)?.map((d) => d.source)).toEqual(['e3c-en', 'medtxt-rr-ja', 'e3c-eu']);
  });
  it('writes no outcome of a blind source to --json, only how many there were', () => {
    const outcome = (source: UnseenOutcome['source'], id: string): UnseenOutcome => ({
      source, id, split: splitOf({ source, id }), truth: 'imaging-report', predicted: 'other', confidence: 0.8, file: `${id}.pdf`, layout: 'plain', language: 'ja', flagged: true, said: '',
    });
    const shared = outcomesToShare([outcome('medtxt-rr-ja', 'rr-1'), outcome('medtxt-rr-ja', 'rr-2'), outcome('indiana-cxr', '7')]);
    expect(shared.outcomes.map((o) => o.id)).toEqual(['7']);
    expect(shared.blindDocumentsLeftOut).toEqual({ 'medtxt-rr-ja': 2 });
    expect(JSON.stringify(shared)).not.toContain('rr-1');
  });
  it('prints a blind source\'s summary rows but none of its misses', () => {
    const outcome = (source: UnseenOutcome['source'], id: string, predicted: UnseenOutcome['predicted']): UnseenOutcome => ({
      source, id, split: splitOf({ source, id }), truth: 'clinical-summary', predicted, confidence: 0.8, file: `${id}.pdf`, layout: 'plain', language: 'es', flagged: true, said: `said about ${id}`,
    });
    const text = printUnseen([outcome('cantemist-es', 'cc_onco7', 'lab-results'), outcome('codiesp-es', 'S9', 'lab-results')], 1, 1);
    expect(text).toContain('=== BLIND sources');
    expect(text).toContain('cantemist-es (es):');
    expect(text).toContain('codiesp-es/S9');
    expect(text).not.toContain('cc_onco7');
  });
  it('lists the held-out part\'s misses only when asked, and always the tuning third\'s', () => {
    const idIn = (split: 'tuning' | 'heldout'): string => {
      for (let i = 0; ; i++) if (splitOf({ source: 'codiesp-es', id: `S${i}` }) === split) return `S${i}`;
    };
    const [tuning, heldout] = [idIn('tuning'), idIn('heldout')];
    const outcome = (id: string): UnseenOutcome => ({
      source: 'codiesp-es', id, split: splitOf({ source: 'codiesp-es', id }), truth: 'clinical-summary', predicted: 'lab-results', confidence: 0.8,
      file: `${id}.pdf`, layout: 'plain', language: 'es', flagged: true, said: `said about ${id}`, dateExpected: ['2020-01-02'], dateRight: false, dateSaid: '(none)',
    });
    const quiet = printUnseen([outcome(tuning), outcome(heldout)], 1, 1);
    expect(quiet).toContain(`codiesp-es/${tuning} `);
    expect(quiet).not.toContain(`codiesp-es/${heldout} `);
    expect(quiet).toContain('Category misses (2; * = confidently wrong; the held-out part\'s 1 not listed)');
    expect(quiet).toContain('Date misses (2; the held-out part\'s 1 not listed)');
    const shown = printUnseen([outcome(tuning), outcome(heldout)], 1, 1, { showHeldOutMisses: true });
    expect(shown).toContain(`codiesp-es/${heldout} `);
  });
});
