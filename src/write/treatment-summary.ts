import { saveGeneratedPdf } from './save-pdf.js';
import { PDFDocument } from '../util/pdf-lib.js';
import type { Treatment } from '../casefile/schema.js';
import { embedFonts, missingCharacters, type FontSet } from './fonts.js';
import { patientOf, type IndexInputs, type IndexModel } from './index-model.js';
import { longDate } from './packet-facts.js';
import { CONTENT_W, GREY, Layout, MARGIN } from './pdf-layout.js';
import { drawMarkerPanel, markerPanelHeight, type TrendBand } from './marker-chart.js';
import { markerTrendsOf, trendSourceLine, type SummaryTrend } from './marker-trend.js';
import { dateTime, drawTimelineChart, timelineChartHeight, timeRange, type BarPattern, type ChartData, type MarkShape } from './timeline-chart.js';

/** A dated event the documents of the packet show: a scan, a report, an operation note. */
export interface DatedEvent { date: string; what: string }

/** What 00_Treatment_Summary.pdf says: the case file's treatments and the packet's dated documents. */
export interface TreatmentSummaryModel {
  patient: IndexModel['patient'];
  diagnosis?: string;
  staging?: string;
  /** The earliest dated pathology report: the biopsy (or resection) that made the diagnosis. */
  biopsy?: DatedEvent;
  /** Oldest first (by start). */
  treatments: Treatment[];
  /** Imaging studies and imaging reports, one line per date, oldest first. */
  scans: DatedEvent[];
  /** Operative and procedure reports, oldest first. */
  procedures: DatedEvent[];
  /** Where ongoing treatment lines end on the chart: casepack.yaml asOf, else the packet's date. */
  asOf: string;
  /** Tumour-marker series read from the packet's lab reports (and letters), the disease's marker first. */
  markers: SummaryTrend[];
}

const KIND_LABEL: Record<Treatment['kind'], string> = {
  chemotherapy: 'Chemotherapy', 'targeted-therapy': 'Targeted therapy', immunotherapy: 'Immunotherapy', 'hormone-therapy': 'Hormone therapy',
  surgery: 'Surgery', radiotherapy: 'Radiotherapy', chemoradiotherapy: 'Chemoradiotherapy', other: 'Other treatment',
};
const KIND_PATTERN: Record<Exclude<Treatment['kind'], 'surgery'>, BarPattern> = {
  chemotherapy: 'solid', 'targeted-therapy': 'diagonal', immunotherapy: 'cross', 'hormone-therapy': 'light',
  radiotherapy: 'vertical', chemoradiotherapy: 'vertical', other: 'outline',
};
const MARK: Record<'operation' | 'biopsy' | 'scan', MarkShape> = { operation: 'triangle', biopsy: 'diamond', scan: 'circle' };

function byDate(a: DatedEvent, b: DatedEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Titles and DICOM descriptions often come in capitals ("CT ABDOMEN PANCREAS PROTOCOL"): written in
 * sentence case, keeping short words (CT, PET, FDG) and anything with a digit as they are.
 */
export function calmCase(text: string): string {
  if (/[a-z]/.test(text) || !/[A-Z]{4}/.test(text)) return text;
  const lowered = text.replace(/[A-Z]{4,}/g, (word) => word.toLowerCase());
  return lowered.replace(/^[a-z]/, (c) => c.toUpperCase());
}

function modalityName(modality: string): string {
  return modality.replace(/_/g, '-');
}

/** Imaging reports and studies of one date become one line: "PET-CT report; PET-CT images: FDG whole body (3 series)". */
function scansOf(input: IndexInputs): DatedEvent[] {
  const byDay = new Map<string, string[]>();
  const add = (date: string | null | undefined, what: string): void => { if (date) byDay.set(date, [...(byDay.get(date) ?? []), what]); };
  const files = new Map(input.scan.files.map((f) => [f.path, f]));
  for (const entry of input.plan.entries) {
    if (entry.kind !== 'merged-pdf' || entry.category !== 'imaging-report') continue;
    for (const s of entry.sources) {
      const modality = files.get(s.source)?.classification?.modality;
      add(s.date, modality ? `${modalityName(modality)} report` : calmCase(s.title));
    }
  }
  for (const study of input.plan.studies) {
    if (study.category !== 'imaging') continue;
    const description = study.description ? `: ${calmCase(study.description)}` : '';
    add(study.date, `${modalityName(study.modality)} images${description} (${study.series.length} series)`);
  }
  return [...byDay.entries()].map(([date, whats]) => ({ date, what: whats.join('; ') })).sort(byDate);
}

function datedSources(input: IndexInputs, category: string): DatedEvent[] {
  return input.plan.entries.flatMap((e) => (e.kind === 'merged-pdf' && e.category === category ? e.sources : []))
    .flatMap((s) => (s.date ? [{ date: s.date, what: calmCase(s.title) }] : [])).sort(byDate);
}

export function buildTreatmentSummaryModel(input: IndexInputs): TreatmentSummaryModel {
  const { caseFile } = input;
  const biopsy = datedSources(input, 'pathology-report')[0];
  return {
    patient: patientOf(input.scan, caseFile),
    ...(caseFile?.diagnosis ? { diagnosis: caseFile.diagnosis } : {}),
    ...(caseFile?.staging ? { staging: caseFile.staging } : {}),
    ...(biopsy ? { biopsy } : {}),
    treatments: [...(caseFile?.treatments ?? [])].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)),
    scans: scansOf(input),
    procedures: datedSources(input, 'operative-report'),
    asOf: caseFile?.asOf ?? input.letterDate ?? input.generatedAt.toISOString().slice(0, 10),
    markers: markerTrendsOf(input, caseFile?.diagnosis),
  };
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-09-12` → `12 Sep 2025`, `2025-09` → `Sep 2025`: short enough for a table cell. */
export function shortDate(date: string): string {
  const [y, m, d] = date.split('-');
  const month = SHORT_MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

function period(t: Treatment): string {
  if (!t.end) return t.kind === 'surgery' ? shortDate(t.start) : `${shortDate(t.start)} – ongoing`;
  return t.end === t.start ? shortDate(t.start) : `${shortDate(t.start)} – ${shortDate(t.end)}`;
}

/** Chart data: treatment lines as bars numbered as in the table, operations, the biopsy and scans as marks. */
export function chartDataOf(model: TreatmentSummaryModel): ChartData {
  const bars = model.treatments.flatMap((t, i) => (t.kind === 'surgery' ? [] : [{ label: `${i + 1} ${t.name}${t.end ? '' : ' (ongoing)'}`, start: t.start, ...(t.end ? { end: t.end } : {}), pattern: KIND_PATTERN[t.kind] }]));
  const marks = [
    ...model.treatments.filter((t) => t.kind === 'surgery').map((t) => ({ date: t.start, shape: MARK.operation })),
    ...model.procedures.map((p) => ({ date: p.date, shape: MARK.operation })),
    ...(model.biopsy ? [{ date: model.biopsy.date, shape: MARK.biopsy }] : []),
    ...model.scans.map((s) => ({ date: s.date, shape: MARK.scan })),
  ];
  const kinds = new Set(model.treatments.map((t) => t.kind));
  const legend: ChartData['legend'] = [
    ...(Object.keys(KIND_PATTERN) as (keyof typeof KIND_PATTERN)[]).filter((k) => kinds.has(k) && !(k === 'chemoradiotherapy' && kinds.has('radiotherapy')))
      .map((k) => ({ pattern: KIND_PATTERN[k], text: k === 'radiotherapy' || k === 'chemoradiotherapy' ? 'Radiotherapy' : KIND_LABEL[k] })),
    ...(marks.some((m) => m.shape === 'triangle') ? [{ shape: MARK.operation, text: 'Operation' }] : []),
    ...(model.biopsy ? [{ shape: MARK.biopsy, text: 'Biopsy (pathology report)' }] : []),
    ...(model.scans.length ? [{ shape: MARK.scan, text: 'Scan' }] : []),
  ];
  return { bars, marks, until: model.asOf, legend };
}

/** How much a level of detail shows; each next level is shorter, so a long history still fits one page. */
interface Detail { notes: boolean; fullLines: number; olderAsParagraph: boolean; events: number; size: number; markerCharts: number; markerPlot: number }
const DETAILS: Detail[] = [
  { notes: true, fullLines: Infinity, olderAsParagraph: false, events: Infinity, size: 9, markerCharts: 2, markerPlot: 78 },
  { notes: false, fullLines: Infinity, olderAsParagraph: false, events: 14, size: 8.5, markerCharts: 2, markerPlot: 66 },
  { notes: false, fullLines: 6, olderAsParagraph: false, events: 9, size: 8, markerCharts: 2, markerPlot: 56 },
  { notes: false, fullLines: 4, olderAsParagraph: true, events: 6, size: 8, markerCharts: 1, markerPlot: 56 },
  { notes: false, fullLines: 3, olderAsParagraph: true, events: 4, size: 7.5, markerCharts: 1, markerPlot: 48 },
];

function treatmentRow(t: Treatment, n: number, detail: Detail): string[] {
  const what = `${KIND_LABEL[t.kind]}: ${t.name}${detail.notes && t.notes ? `. ${t.notes}` : ''}`;
  const ongoing = !t.end && t.kind !== 'surgery';
  return [String(n), period(t), what, t.cycles ? String(t.cycles) : '', t.response ?? '', t.stopped ?? (ongoing ? 'ongoing' : '')];
}

/** An older line in one sentence: number, dates, name, response. */
function condensed(t: Treatment, n: number): string {
  return `${n}. ${period(t)}: ${t.name}${t.cycles ? `, ${t.cycles} cycles` : ''}${t.response ? `, ${t.response}` : ''}${t.stopped ? `; stopped: ${t.stopped}` : ''}`;
}

function drawTreatments(layout: Layout, model: TreatmentSummaryModel, detail: Detail): void {
  layout.heading('Treatment');
  if (model.treatments.length === 0) { layout.paragraph('No treatment is listed in casepack.yaml (treatments:).', detail.size, false, 0, GREY); return; }
  const older = Math.max(0, model.treatments.length - detail.fullLines);
  if (older > 0) {
    const olderLines = model.treatments.slice(0, older).map((t, i) => condensed(t, i + 1));
    if (detail.olderAsParagraph) layout.paragraph(`Earlier lines (${older}): ${olderLines.join(' · ')}`, detail.size - 0.5, false, 0, GREY);
    else for (const line of olderLines) layout.paragraph(line, detail.size - 0.5, false, 0, GREY);
  }
  layout.table(
    [{ title: '#', width: 0.04 }, { title: 'Dates', width: 0.2 }, { title: 'Treatment', width: 0.34 }, { title: 'Cycles', width: 0.07 }, { title: 'Response / result', width: 0.17 }, { title: 'Stopped because', width: 0.18 }],
    model.treatments.slice(older).map((t, i) => treatmentRow(t, older + i + 1, detail)), detail.size,
  );
}

function drawEvents(layout: Layout, model: TreatmentSummaryModel, detail: Detail): void {
  const events = [...model.scans, ...model.procedures.map((p) => ({ date: p.date, what: `${p.what} (operation / procedure report)` }))].sort(byDate);
  layout.heading('Key scans and procedures');
  if (events.length === 0) { layout.paragraph('The packet holds no dated scan or procedure report.', detail.size, false, 0, GREY); return; }
  const hidden = Math.max(0, events.length - detail.events);
  if (hidden > 0) {
    const first = events[0] as DatedEvent;
    const last = events[hidden - 1] as DatedEvent;
    layout.paragraph(`${hidden} earlier scan(s) and report(s), ${shortDate(first.date)} to ${shortDate(last.date)}, are listed in 00_Index.pdf.`, detail.size - 0.5, false, 0, GREY);
  }
  layout.table([{ title: 'Date', width: 0.16 }, { title: 'Scan, report or procedure', width: 0.84 }], events.slice(hidden).map((e) => [shortDate(e.date), e.what]), detail.size);
}

function drawHeading(layout: Layout, model: TreatmentSummaryModel, detail: Detail): void {
  const p = model.patient;
  layout.paragraph('Treatment summary', 16, true);
  layout.paragraph([p.name ?? 'Patient name not given', p.birthDate ? `born ${longDate(p.birthDate)}` : '', p.id ? `ID ${p.id}` : ''].filter(Boolean).join(' · '), 10, false, 0, GREY);
  layout.y -= 4;
  layout.paragraph(`Diagnosis: ${model.diagnosis ?? 'not stated in casepack.yaml'}`, detail.size + 1, true);
  if (model.biopsy) layout.paragraph(`Pathology report dated ${longDate(model.biopsy.date)} (${model.biopsy.what})`, detail.size + 0.5);
  if (model.staging) layout.paragraph(`Staging: ${model.staging}`, detail.size + 0.5);
}

/**
 * The marker trends under the timeline, on its time axis, each with the line naming every value and where it is
 * printed; series beyond those drawn are named in one line. Nothing at all when no value was read.
 */
function drawMarkerTrends(layout: Layout, model: TreatmentSummaryModel, trends: SummaryTrend[], chart: ChartData, range: { from: number; to: number }, detail: Detail): void {
  if (trends.length === 0) return;
  const bands: TrendBand[] = chart.bars.map((b) => ({ label: b.label.split(' ')[0] ?? '', start: dateTime(b.start), end: dateTime(b.end ?? chart.until, true) }));
  layout.y -= 4;
  layout.heading('Tumour markers');
  trends.forEach((trend, i) => {
    const height = markerPanelHeight(detail.markerPlot);
    layout.ensure(height + 12);
    drawMarkerPanel(layout.page, layout.fonts, { x: MARGIN, y: layout.y - height, width: CONTENT_W, height }, trend, i, range, bands);
    layout.y -= height + 2;
    layout.paragraph(trendSourceLine(trend, shortDate), 7, false, 0, GREY);
  });
  const others = model.markers.slice(trends.length);
  if (others.length > 0) {
    layout.paragraph(`Also read: ${others.map((o) => `${trendSourceLine(o, shortDate)}`).join(' ')}`, 7, false, 0, GREY);
  }
  if (bands.length > 0) layout.paragraph('Grey bands: the treatment lines, numbered as in the table below. Dashed line: the upper reference limit printed on the reports.', 7, false, 0, GREY);
}

/** Draw the page at one level of detail; false when it did not fit on one page. */
function drawAtDetail(doc: PDFDocument, fonts: FontSet, model: TreatmentSummaryModel, detail: Detail, tool: string, keepOverflow: boolean): boolean {
  const layout = new Layout(doc, fonts);
  drawHeading(layout, model, detail);
  const chart = chartDataOf(model);
  const trends = model.markers.slice(0, detail.markerCharts);
  // One time axis for the timeline and the marker trends below it, so a fall lines up with the treatment it followed.
  const range = timeRange(chart, trends.flatMap((t) => t.points.map((p) => p.date)));
  if (chart.bars.length + chart.marks.length > 0) {
    const height = timelineChartHeight(chart);
    layout.y -= 10;
    drawTimelineChart(layout.page, fonts, { x: MARGIN, y: layout.y - height, width: CONTENT_W, height }, chart, range);
    layout.y -= height;
  }
  drawMarkerTrends(layout, model, trends, chart, range, detail);
  drawTreatments(layout, model, detail);
  drawEvents(layout, model, detail);
  layout.ensure(14);
  layout.y -= 6;
  const markerNote = model.markers.length > 0 ? '; tumour-marker values as read from the documents named under each chart' : '';
  layout.paragraph(`Treatments as listed in casepack.yaml; diagnosis date, scans and reports from the dated documents of this packet (00_Index.pdf lists them all)${markerNote}. Prepared by ${tool}; check it against the enclosed records.`, 7.5, false, 0, GREY);
  const fits = layout.pages.length === 1;
  // A try that did not fit leaves no page behind: the next, shorter one starts on a clean document.
  if (!fits && !keepOverflow) for (let i = doc.getPageCount() - 1; i >= 0; i--) doc.removePage(i);
  return fits;
}

/** 00_Treatment_Summary.pdf: one page, at the most detailed level that fits. */
export async function renderTreatmentSummary(model: TreatmentSummaryModel, date: Date, tool: string, onMissingGlyphs?: (characters: string[]) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc, JSON.stringify(model));
  onMissingGlyphs?.(missingCharacters(JSON.stringify(model), fonts));
  for (const [level, detail] of DETAILS.entries()) {
    const last = level === DETAILS.length - 1;
    if (!drawAtDetail(doc, fonts, model, detail, tool, last) && !last) continue;
    // The last level is kept even if it overflowed: a second page beats a missing summary.
    doc.setTitle(`Treatment summary: ${model.patient.name ?? 'the patient'}`);
    doc.setProducer('casepack');
    doc.setCreator(tool);
    doc.setCreationDate(date);
    doc.setModificationDate(date);
    return saveGeneratedPdf(doc, { useObjectStreams: true });
  }
  throw new Error('unreachable: the last level of detail is always kept');
}
