import { saveGeneratedPdf } from './save-pdf.js';
import { PDFDocument } from '../util/pdf-lib.js';
import { embedFonts, missingCharacters, type FontSet } from './fonts.js';
import type { IndexModel } from './index-model.js';
import { addOutline } from './outline.js';
import { formatDateLong } from '../check/wording.js';
import { GREY, Layout, MARGIN } from './pdf-layout.js';

/** A field of the index whose text holds characters no bundled font can draw (they show as `?`). */
export interface MissingGlyphs {
  /** Which field, in words a person can find on the page: "patient name", "timeline: Pathology.pdf". */
  field: string;
  characters: string[];
}

/** Every field of the model the index draws, by name, and the characters of each the fonts lack. */
function missingGlyphFields(model: IndexModel, fonts: FontSet): MissingGlyphs[] {
  const fields: [string, string | undefined][] = [
    ['case name', model.caseName],
    ['patient name', model.patient.name],
    ['patient ID', model.patient.id],
    ['diagnosis', model.diagnosis],
    ...(model.physical ?? []).map((item, i): [string, string] => [`sent separately ${i + 1}`, `${item.what} ${item.shipping}`]),
    ...model.questions.map((q, i): [string, string] => [`question ${i + 1}`, q]),
    ...model.timeline.flatMap((r): [string, string][] => [[`timeline: ${r.packetPath}`, `${r.title} ${r.note ?? ''} ${r.category} ${r.extent}`], [`packet path: ${r.packetPath}`, r.packetPath]]),
    ...model.missing.map((m): [string, string] => [`missing item: ${m.title}`, `${m.title} ${m.detail ?? ''} ${m.request ?? ''}`]),
    ...(model.requested ?? []).map((r): [string, string] => [`requested: ${r.department}`, `${r.department} ${r.items.join(' ')} ${r.received.join(' ')}`]),
    ...model.copiedAsIs.map((path): [string, string] => [`copied as-is: ${path}`, path]),
  ];
  return fields.flatMap(([field, text]) => {
    const characters = text ? missingCharacters(text, fonts) : [];
    return characters.length > 0 ? [{ field, characters }] : [];
  });
}

/** Problem files and the images kept in a better encoding: named one by one, so nothing leaves the packet unseen. */
function drawLeftOutLists(layout: Layout, model: IndexModel, mark: (title: string) => void): void {
  const problems = model.problems ?? [];
  const otherEncodings = model.otherEncodings ?? [];
  if (problems.length) {
    layout.heading('Problems');
    mark('Problems');
    const packed = problems.some((p) => p.packetPath);
    layout.paragraph(packed
      ? 'These files are empty, damaged, cut short or could not be unpacked safely. They were packed under Problems/ on request, as they are; they may not open:'
      : 'These files are empty, damaged, cut short or could not be unpacked safely, so they are not in the packet. Get a fresh copy from the sender:', 10);
    for (const p of problems) {
      layout.paragraph(`${p.source}${p.packetPath ? ` → ${p.packetPath}` : ''}`, 9, false, 14);
      layout.paragraph(p.problem, 9, false, 28, GREY);
    }
  }
  if (otherEncodings.length) {
    layout.heading('Same image, other encoding');
    layout.paragraph('These images are also in the packet in a higher-fidelity encoding, so this copy was left out:', 10);
    for (const line of otherEncodings) layout.paragraph(line, 9, false, 14);
  }
}

/** A split packet: which file holds what, so a reviewer with any one part knows what else to open. */
function drawParts(layout: Layout, parts: NonNullable<IndexModel['parts']>, mark: (title: string) => void): void {
  layout.heading(`This packet comes in ${parts.length} parts`);
  mark('Parts of the packet');
  layout.paragraph('Each part is a ZIP file that opens and verifies on its own; every part carries this same index. Open part 1 first: it holds the letters and the documents.', 10);
  for (const [i, part] of parts.entries()) {
    layout.paragraph(`Part ${i + 1}: ${part.name}`, 10.5, true);
    for (const line of part.holds) layout.paragraph(line, 9, false, 14, GREY);
  }
}

const PATIENT_SOURCE: Record<IndexModel['patient']['source'], string> = {
  'case file': 'As stated in casepack.yaml.',
  DICOM: 'As read from the imaging files (no casepack.yaml patient entry).',
  assumed: 'Assumed: the identity most of the case\'s files name (no casepack.yaml patient entry). Check it.',
  unknown: 'No patient identity was given in casepack.yaml.',
};

/** Another person's files: what was left out and why, and what a person kept on purpose. */
function drawOtherPerson(layout: Layout, model: IndexModel): void {
  if (model.otherPerson?.length) {
    layout.heading('Left out: another person\'s files');
    layout.paragraph('These files of the case folder name a different patient than this packet\'s and are not in it (reason: other-person). To keep one on purpose, add an override with include: true and a reason to casepack.yaml.', 10);
    for (const o of model.otherPerson) layout.paragraph(`${o.source} — ${o.detail}`, 9, false, 14);
  }
  if (model.keptOnPurpose?.length) {
    layout.heading('Kept on purpose: another person\'s files');
    layout.paragraph('These files name a different patient than this packet\'s; casepack.yaml keeps them on purpose:', 10);
    for (const k of model.keptOnPurpose) layout.paragraph(`${k.source} — ${k.reason}`, 9, false, 14);
  }
}

/** Requests the family sent that are still owed: the reviewer knows what is on its way and since when. */
function drawRequested(layout: Layout, requested: NonNullable<IndexModel['requested']>, mark: (title: string) => void): void {
  layout.heading('Requested, not yet received');
  mark('Requested, not yet received');
  layout.paragraph('Asked for by the family and not in this packet yet. Records offices usually answer within 5 to 15 business days.', 10);
  for (const r of requested) {
    const waiting = `sent ${formatDateLong(r.sent)}, ${r.businessDays} business day${r.businessDays === 1 ? '' : 's'} waiting`;
    layout.paragraph(`${r.department}: ${r.items.join('; ')}`, 10, r.overdue);
    layout.paragraph(`${waiting}; ${r.overdue ? 'overdue (more than 15 business days)' : 'not overdue yet'}${r.received.length ? `; already received: ${r.received.join('; ')}` : ''}`, 9, false, 14, GREY);
  }
}

export async function renderIndexPdf(model: IndexModel, date: Date): Promise<Uint8Array> {
  return (await renderIndex(model, date)).bytes;
}

/**
 * 00_Index.pdf, the first thing a reviewer opens: who, what is asked, every
 * document and study in date order with where it is, and what is missing;
 * and the fields where a character had to be drawn as `?` (a finding, never silent).
 */
export async function renderIndex(model: IndexModel, date: Date): Promise<{ bytes: Uint8Array; missingGlyphs: MissingGlyphs[] }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // The whole model's text, so the CJK faces embed only the chunks its characters need.
  const fonts = await embedFonts(doc, JSON.stringify(model));
  const missingGlyphs = missingGlyphFields(model, fonts);
  const layout = new Layout(doc, fonts);
  const bookmarks: { title: string; pageIndex: number }[] = [];
  const mark = (title: string): void => { bookmarks.push({ title, pageIndex: layout.pages.length - 1 }); };

  mark('Patient and questions');
  layout.paragraph('Second-opinion packet — index', 18, true);
  layout.y -= 6;
  if (model.readFirst?.length) {
    layout.heading('Read first');
    for (const doc of model.readFirst) {
      layout.paragraph(doc.path, 10.5, true);
      layout.paragraph(doc.what, 9.5, false, 14, GREY);
    }
  }
  layout.heading('Patient');
  const p = model.patient;
  layout.paragraph(`Name: ${p.name ?? 'not given'}`, 11);
  layout.paragraph(`Date of birth: ${p.birthDate ?? 'not given'}`, 11);
  if (p.id) layout.paragraph(`Patient ID: ${p.id}`, 11);
  layout.paragraph(PATIENT_SOURCE[p.source], 9, false, 0, GREY);
  if (model.diagnosis) layout.paragraph(`Diagnosis: ${model.diagnosis}`, 11);

  layout.heading(model.questions.length > 1 ? 'Questions for the reviewer' : 'Question for the reviewer');
  if (model.questions.length === 0) layout.paragraph('No question was written in casepack.yaml.', 10, false, 0, GREY);
  model.questions.forEach((q, i) => layout.paragraph(`${i + 1}. ${q}`, 11));
  // Who and what first; then where the rest of a split packet is, before the timeline points into the parts.
  if (model.parts?.length) drawParts(layout, model.parts, mark);

  layout.heading('Timeline of documents and imaging');
  mark('Timeline');
  if (model.timeline.length === 0) layout.paragraph('The packet holds no documents.', 10, false, 0, GREY);
  else layout.table(
    [{ title: 'Date', width: 0.12 }, { title: 'Category', width: 0.15 }, { title: 'Document / study', width: 0.24 }, { title: 'Extent', width: 0.11 }, { title: 'In the packet', width: 0.38, path: true }],
    model.timeline.map((r) => [r.date ?? 'Undated', r.category, r.note ? `${r.title} [${r.note}]` : r.title, r.extent, r.part ? `${r.packetPath} (${r.part})` : r.packetPath]),
  );

  if (model.physical?.length) {
    layout.heading('Sent separately');
    mark('Sent separately');
    layout.paragraph('Not in this packet; sent apart from it:', 10);
    for (const item of model.physical) layout.paragraph(`${item.what}: ${item.shipping}.`, 10, false, 14);
  }

  // What is already on its way, before what is missing: the reviewer then reads the missing list knowing it.
  if (model.requested?.length) drawRequested(layout, model.requested, mark);
  layout.heading('Missing items');
  mark('Missing items');
  if (!model.checklist) layout.paragraph('No checklist was applied.', 10, false, 0, GREY);
  else if (model.missing.length === 0) layout.paragraph('Every item of the checklist is present.', 10);
  for (const m of model.missing) {
    layout.paragraph(`${m.severity === 'required' ? 'Required' : 'Recommended'} — ${m.title} (${m.status})${m.detail ? `: ${m.detail}` : ''}`, 10);
    if (m.request) layout.paragraph(`Ask: ${m.request}`, 9, false, 14, GREY);
  }
  if (model.copiedAsIs.length) {
    layout.heading('Copied as they are');
    layout.paragraph('These PDFs could not be merged (password-protected or damaged) and are in the packet unchanged:', 10);
    for (const path of model.copiedAsIs) layout.paragraph(path, 9, false, 14);
  }
  drawLeftOutLists(layout, model, mark);

  drawOtherPerson(layout, model);

  layout.heading('About this packet');
  layout.paragraph(`Checklist used: ${model.checklist ? `${model.checklist.title} (${model.checklist.id})` : 'none'}`, 10);
  if (model.leftOut) layout.paragraph(`${model.leftOut} file(s) of the case folder were left out (second copies, the same image in a lower-fidelity encoding, problem files, exclusions, the CD's DICOMDIR, archives whose files are packed one by one); manifest.json lists them and why.`, 10);
  layout.paragraph(`Generated ${model.generatedAt} by ${model.tool}. Every file's SHA-256 is in manifest.json and manifest-sha256.txt; run "casepack verify" on the packet to check it.`, 9, false, 0, GREY);

  const total = layout.pages.length;
  layout.pages.forEach((page, i) => {
    layout.page = page;
    layout.draw(`${model.caseName} · page ${i + 1} of ${total}`, MARGIN, MARGIN / 2, 8, false, GREY);
  });
  addOutline(doc, bookmarks);
  doc.setTitle('Second-opinion packet — index');
  doc.setProducer('casepack');
  doc.setCreator(model.tool);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return { bytes: await saveGeneratedPdf(doc, { useObjectStreams: true }), missingGlyphs };
}
