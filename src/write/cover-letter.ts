import { saveGeneratedPdf } from './save-pdf.js';
import { PDFDocument, rgb } from '../util/pdf-lib.js';
import type { Sender } from '../casefile/schema.js';
import { CATEGORIES, categoryDefinition, type CategoryId } from '../model/categories.js';
import { embedFonts, missingCharacters } from './fonts.js';
import { patientOf, type IndexInputs, type IndexModel } from './index-model.js';
import { physicalLine, longDate, type PhysicalLine } from './packet-facts.js';
import { GREY, Layout, MARGIN, PAGE_W } from './pdf-layout.js';

/** What 00_Cover_Letter.pdf says, gathered first so the drawing code only draws. */
export interface CoverLetterModel {
  /** The letter's date, YYYY-MM-DD: casepack.yaml `asOf` or the day of the build, never a file's time. */
  date: string;
  recipient: string[];
  salutation: string;
  sender?: Sender;
  patient: IndexModel['patient'];
  diagnosis?: string;
  questions: string[];
  /** One line per category, in reading order. */
  enclosed: { category: string; dates: string; extent: string }[];
  separately: PhysicalLine[];
  /** Checklist items still missing or partial; null when no checklist was applied. */
  missing: { title: string; severity: 'required' | 'recommended'; status: string; department?: string; byFamily?: true }[] | null;
  /** Files of the case folder not in the packet (left out, with reasons in the index). */
  leftOut: number;
  /** A packet split by size (`build --split`): the file names of its parts. */
  parts?: string[];
}

/** The placeholder a coordinator cannot overlook when no sender is set. */
export const SENDER_PLACEHOLDER = '[SENDER NOT SET: add sender: to casepack.yaml or to ~/.config/casepack/config.yaml]';

const CATEGORY_ORDER = new Map(CATEGORIES.map((c, i) => [c.id, i]));

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

interface Tally { documents: number; pages: number; studies: number; series: number; images: number; slides: number; files: number; dates: string[] }

/** Per category: how many documents and pages, studies and series, slide scans, and their dates. */
function tallyEnclosed(input: IndexInputs): Map<CategoryId, Tally> {
  const tallies = new Map<CategoryId, Tally>();
  const tally = (category: CategoryId | null): Tally => {
    const id = category ?? 'other';
    const known = tallies.get(id) ?? { documents: 0, pages: 0, studies: 0, series: 0, images: 0, slides: 0, files: 0, dates: [] };
    tallies.set(id, known);
    return known;
  };
  for (const entry of input.plan.entries) {
    if (entry.kind === 'merged-pdf') {
      const written = input.merged.get(entry.path) ?? [];
      const t = tally(entry.category);
      t.documents += written.length;
      t.pages += written.reduce((n, s) => n + s.pages, 0);
      for (const s of written) t.dates.push(...[s.start, s.date].filter((d): d is string => !!d));
    } else if (entry.kind === 'copy' && entry.role !== 'dicom' && entry.role !== 'slide-data') {
      const t = tally(entry.category);
      if (entry.role === 'slide') t.slides++;
      else t.files++;
      if (entry.date) t.dates.push(entry.date);
    }
  }
  for (const study of input.plan.studies) {
    const t = tally(study.category);
    t.studies++;
    t.series += study.series.length;
    t.images += study.series.reduce((n, s) => n + s.images, 0);
    if (study.date) t.dates.push(study.date);
  }
  return tallies;
}

function extentOf(t: Tally): string {
  return [
    t.documents ? `${plural(t.documents, 'document')}, ${plural(t.pages, 'page')}` : '',
    t.studies ? `${plural(t.studies, 'study', 'studies')}, ${plural(t.series, 'series', 'series')}, ${plural(t.images, 'image')}` : '',
    t.slides ? plural(t.slides, 'slide scan') : '',
    t.files ? plural(t.files, 'file') : '',
  ].filter(Boolean).join('; ');
}

function datesOf(t: Tally): string {
  if (t.dates.length === 0) return 'undated';
  const sorted = [...t.dates].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  return first === last ? longDate(first) : `${longDate(first)} to ${longDate(last)}`;
}

function recipientLines(input: IndexInputs): { lines: string[]; salutation: string } {
  const r = input.caseFile?.recipient;
  const lines = [r?.name, r?.department, r?.organisation, ...(r?.address?.split('\n') ?? [])].filter((l): l is string => !!l && l.trim() !== '');
  return { lines: lines.length ? lines : ['The reviewing team'], salutation: r?.name ? `Dear ${r.name},` : 'Dear colleagues,' };
}

/** An item the family provides (no request letter: passports, the question, allergies) is never "requested from" anyone. */
function familyOrDepartment(request: { department: string; letter?: boolean }): { department: string } | { byFamily: true } {
  return request.letter === false ? { byFamily: true } : { department: request.department };
}

export function buildCoverLetterModel(input: IndexInputs): CoverLetterModel {
  const { caseFile, check } = input;
  const tallies = tallyEnclosed(input);
  const enclosed = [...tallies.entries()]
    .sort(([a], [b]) => (CATEGORY_ORDER.get(a) ?? 99) - (CATEGORY_ORDER.get(b) ?? 99))
    .map(([id, t]) => ({ category: categoryDefinition(id).displayName, dates: datesOf(t), extent: extentOf(t) }));
  const missing = check
    ? check.items.filter((i) => i.status === 'missing' || i.status === 'partial')
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'required' ? -1 : 1))
      .map((i) => ({ title: i.title, severity: i.severity, status: i.status, ...(i.request ? familyOrDepartment(i.request) : {}) }))
    : null;
  const { lines, salutation } = recipientLines(input);
  return {
    date: input.letterDate ?? caseFile?.asOf ?? input.generatedAt.toISOString().slice(0, 10),
    recipient: lines,
    salutation,
    ...(caseFile?.sender ? { sender: caseFile.sender } : {}),
    patient: patientOf(input.scan, caseFile),
    ...(caseFile?.diagnosis ? { diagnosis: caseFile.diagnosis } : {}),
    questions: caseFile?.questions ?? [],
    enclosed,
    separately: (caseFile?.physical ?? []).map(physicalLine),
    missing,
    leftOut: input.plan.leftOut.length,
    ...(input.parts ? { parts: input.parts.files.map((f) => f.name) } : {}),
  };
}

const RED = rgb(0.65, 0, 0);

/** Sender block on the left, the date on the right, then the recipient. */
function drawHeader(layout: Layout, model: CoverLetterModel): void {
  const s = model.sender;
  const top = layout.y;
  if (s) {
    layout.paragraph(s.name, 11, true);
    for (const line of [s.role, s.organisation, ...(s.address?.split('\n') ?? []), s.email, s.phone].filter((l): l is string => !!l)) layout.paragraph(line, 9.5, false, 0, GREY);
  } else {
    layout.paragraph(SENDER_PLACEHOLDER, 10, true, 0, RED);
  }
  const dateText = longDate(model.date);
  layout.draw(dateText, PAGE_W - MARGIN - layout.width(dateText, 10), top - 14, 10);
  layout.y -= 12;
  for (const line of model.recipient) layout.paragraph(line, 10, line === model.recipient[0]);
  layout.y -= 8;
}

function patientLine(p: IndexModel['patient']): string {
  return [p.name ?? 'name not given', p.birthDate ? `born ${longDate(p.birthDate)}` : 'date of birth not given', p.id ? `patient ID ${p.id}` : ''].filter(Boolean).join(', ');
}

function section(layout: Layout, title: string): void {
  layout.ensure(36);
  layout.y -= 7;
  layout.paragraph(title, 10, true);
}

function drawBody(layout: Layout, model: CoverLetterModel): void {
  layout.paragraph(`Re: Request for a second opinion, ${patientLine(model.patient)}`, 11, true);
  layout.y -= 6;
  layout.paragraph(model.salutation, 10);
  layout.y -= 4;
  layout.paragraph(`Please find enclosed the medical records of ${model.patient.name ?? 'the patient'}, with a request for your opinion. The documents are merged by kind, in date order; 00_Treatment_Summary.pdf gives the course of the illness on one page and 00_Index.pdf lists every document and imaging study with where it is in the packet.`, 10);
  section(layout, 'Diagnosis');
  layout.paragraph(model.diagnosis ?? 'Not stated in casepack.yaml; see the enclosed pathology report.', 10, false, 0, model.diagnosis ? rgb(0, 0, 0) : GREY);
  section(layout, model.questions.length > 1 ? 'Our questions' : 'Our question');
  if (model.questions.length === 0) layout.paragraph('[NO QUESTION GIVEN: add questions: to casepack.yaml]', 10, true, 0, RED);
  model.questions.forEach((q, i) => layout.paragraph(`${i + 1}. ${q}`, 10, false, 0));
  section(layout, 'Enclosed');
  if (model.enclosed.length === 0) layout.paragraph('No documents.', 10, false, 0, GREY);
  else layout.table([{ title: 'Records', width: 0.32 }, { title: 'Dates', width: 0.36 }, { title: 'Extent', width: 0.32 }], model.enclosed.map((e) => [e.category, e.dates, e.extent]), 9.5);
  if (model.parts) layout.paragraph(`Because of its size, the packet comes as ${model.parts.length} files that each open on their own: ${model.parts.join(', ')}. This letter and the documents are in the first; 00_Index.pdf, in every part, says which part holds each imaging study.`, 10);
  if (model.separately.length > 0) {
    section(layout, 'Sent separately');
    for (const item of model.separately) layout.paragraph(`${item.what}: ${item.shipping}.`, 10);
  }
  drawMissing(layout, model);
}

function drawMissing(layout: Layout, model: CoverLetterModel): void {
  if (model.missing === null || model.missing.length === 0) return;
  section(layout, model.missing.every((m) => m.byFamily) ? 'Still missing; the family is providing it' : 'Still missing; we are requesting it');
  for (const m of model.missing) {
    const from = m.byFamily ? ' (to be provided by the family)' : m.department ? ` (requested from ${m.department})` : '';
    layout.paragraph(`• ${m.title}${m.status === 'partial' ? ', in part' : ''}${from}${m.severity === 'recommended' ? ' (recommended)' : ''}`, 10, false, 6);
  }
  layout.paragraph('We will send these as soon as we receive them.', 10);
}

function drawClosing(layout: Layout, model: CoverLetterModel): void {
  const s = model.sender;
  layout.y -= 6;
  const contact = s ? [s.email, s.phone].filter(Boolean).join(' or ') : '';
  layout.paragraph(`Please contact me with any question about these records${contact ? ` at ${contact}` : ''}. Thank you for your time and advice.`, 10);
  // The closing and the signature stay together on one page.
  layout.ensure(60 + 14 * [s?.role, s?.organisation, s?.signature].filter(Boolean).length);
  layout.y -= 6;
  layout.paragraph('Yours sincerely,', 10);
  layout.y -= 12;
  if (!s) { layout.paragraph(SENDER_PLACEHOLDER, 10, true, 0, RED); return; }
  layout.paragraph(s.name, 10, true);
  for (const line of [s.role, s.organisation, s.signature].filter((l): l is string => !!l)) layout.paragraph(line, 10);
}

/** 00_Cover_Letter.pdf: one or two plain pages a reviewing team reads first. */
export async function renderCoverLetter(model: CoverLetterModel, date: Date, tool: string, onMissingGlyphs?: (characters: string[]) => void): Promise<Uint8Array> {
  let doc = await layOutCoverLetter(model, 1.4, onMissingGlyphs);
  // A letter that spills a few lines (often the signature alone) onto a second page is set a little tighter instead.
  if (doc.getPageCount() > 1) {
    const tighter = await layOutCoverLetter(model, 1.22);
    if (tighter.getPageCount() === 1) doc = tighter;
  }
  doc.setTitle(`Cover letter: second opinion for ${model.patient.name ?? 'the patient'}`);
  doc.setProducer('casepack');
  doc.setCreator(tool);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return saveGeneratedPdf(doc, { useObjectStreams: true });
}

async function layOutCoverLetter(model: CoverLetterModel, lineSpacing: number, onMissingGlyphs?: (characters: string[]) => void): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc, JSON.stringify(model));
  onMissingGlyphs?.(missingCharacters(JSON.stringify(model), fonts));
  const layout = new Layout(doc, fonts);
  layout.lineSpacing = lineSpacing;
  drawHeader(layout, model);
  drawBody(layout, model);
  drawClosing(layout, model);
  if (layout.pages.length > 1) {
    layout.pages.forEach((page, i) => {
      layout.page = page;
      layout.draw(`Cover letter · page ${i + 1} of ${layout.pages.length}`, MARGIN, MARGIN / 2, 8, false, GREY);
    });
  }
  return doc;
}
