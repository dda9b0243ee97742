import { Document, stringify } from 'yaml';
import type { CaseFile } from '../casefile/schema.js';
import { documentOrder } from '../classify/dates/order.js';
import { findDateMentions } from '../classify/dates/candidates.js';
import { readableTextOf, type FileEntry, type ScanResult } from '../model/scan.js';
import { displayPersonName } from '../util/person-name.js';

/** More TODO lines than this help nobody: the rest are counted. */
const MAX_TODO = 200;

export interface DateOrderGuess {
  order?: 'DMY' | 'MDY';
  dayFirst: number;
  monthFirst: number;
}

/**
 * How this case's documents write dates: each document whose own dates prove
 * an order (25/03/2025 can only be day-first) casts one vote.
 */
export function guessDateOrder(scan: ScanResult, today: Date): DateOrderGuess {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const file of scan.files) {
    const text = readableTextOf(file);
    if (!text) continue;
    const order = documentOrder(findDateMentions(text, today));
    if (order === 'DMY') dayFirst++;
    if (order === 'MDY') monthFirst++;
  }
  const guess: DateOrderGuess = { dayFirst, monthFirst };
  // Only a unanimous case is a guess worth writing live; mixed sources (a US lab in a UK case) are for a person.
  if (dayFirst > 0 && monthFirst === 0) guess.order = 'DMY';
  else if (monthFirst > 0 && dayFirst === 0) guess.order = 'MDY';
  return guess;
}

/**
 * What a person answered at `casepack init` on a terminal: written live in
 * place of the commented example of the same key, the explanation kept.
 */
export type CaseFileAnswers = Partial<Pick<CaseFile, 'patient' | 'diagnosis' | 'questions' | 'sender' | 'attendants'>>;

/**
 * The commented examples, one block per key (a block starts at `# key:`).
 * They are a valid casepack.yaml once uncommented (test/report/casefile-template.test.ts).
 */
const EXAMPLES = [
  '# checklist: general            # or international-review, pancreatic, hospital-submission, or a path to your own',
  '# ocrLanguages: [eng, spa]      # languages of scanned pages and photos, tesseract codes (default eng; --ocr-lang wins)',
  '# diagnosis: "Pancreatic adenocarcinoma, head of pancreas"',
  '# questions:                    # printed on the packet\'s first page for the reviewer',
  '#   - "Is the tumour resectable after neoadjuvant chemotherapy?"',
  '# staging: "cT3 N1 M0"',
  '# sender:                       # signs the cover letter and the request letters (or set it once in ~/.config/casepack/config.yaml)',
  '#   name: "Sam Example"',
  '#   role: "Care coordinator"',
  '#   email: "sam@example.org"',
  '#   phone: "+44 20 7946 0000"',
  '# recipient:                    # who the cover letter is addressed to',
  '#   department: "International Patient Office"',
  '#   organisation: "University Cancer Centre"',
  '# hospital:                     # the treating hospital: request letters and release forms are addressed to it',
  '#   name: "General Hospital"',
  '#   address: "1 Hospital Road, Town"',
  '# treatments:                   # the one-page treatment summary; dates YYYY-MM-DD or YYYY-MM',
  '#   - kind: chemotherapy         # chemotherapy, targeted-therapy, immunotherapy, hormone-therapy, surgery, radiotherapy, chemoradiotherapy, other',
  '#     name: "mFOLFIRINOX"',
  '#     start: 2025-09',
  '#     end: 2025-12',
  '#     cycles: 6',
  '#     response: "partial response"',
  '#     stopped: "completed"',
  '# allergies: ["penicillin"]      # or [] for none known',
  '# attendants:                   # people travelling with the patient: their passport copies are asked for',
  '#   - name: "Alex Example"',
  '#     relation: "son"',
  '# facts:                        # switch checklist items on or off',
  '#   surgery: true',
  '#   radiotherapy: false',
  '#   chemotherapy: true',
  '# physical:                     # things shipped separately',
  '#   - kind: glass-slides         # glass-slides, paraffin-blocks, unstained-sections, cd-dvd, other',
  '#     count: 12',
  '#     courier: DHL',
  '#     tracking: "1234567890"',
  '#     shippedOn: 2025-10-01',
  '# findings:                     # silence or downgrade finding codes for this case',
  '#   ignore: [PDF_RESTRICTED]',
  '#   severity: { DATE_MISSING: info }',
];

/** The examples grouped by their top-level key, in order. */
function exampleBlocks(): { key: string; lines: string[] }[] {
  const blocks: { key: string; lines: string[] }[] = [];
  for (const line of EXAMPLES) {
    const key = /^# ([A-Za-z]+):/.exec(line)?.[1];
    if (key) blocks.push({ key, lines: [line] });
    else blocks[blocks.length - 1]?.lines.push(line);
  }
  return blocks;
}

/** A key and its value as live YAML, written by the yaml library (quoting, escaping, nesting are its job). */
function liveYaml(key: string, value: unknown): string[] {
  return new Document({ [key]: value }).toString({ lineWidth: 0 }).trimEnd().split('\n');
}

/** Each example stays a comment unless it was answered: then its explanation is kept above the live value. */
function addExamples(add: (...more: string[]) => void, answers: CaseFileAnswers | undefined): void {
  for (const { key, lines } of exampleBlocks()) {
    const value = answers?.[key as keyof CaseFileAnswers];
    if (value === undefined || key === 'patient' || (Array.isArray(value) && value.length === 0)) { add(...lines); continue; }
    const why = /\s#\s(.*)$/.exec(lines[0] ?? '')?.[1];
    add(...(why ? [`# ${why}`] : []), ...liveYaml(key, value));
  }
}

/** A YAML scalar on one line, quoted when it needs to be. */
const scalar = (value: string): string => stringify(value).trimEnd();

/** Files a person should look at: left `other` (documents only) or without a date. */
function todoFiles(scan: ScanResult): Array<{ file: FileEntry; why: string }> {
  const out: Array<{ file: FileEntry; why: string }> = [];
  for (const file of scan.files) {
    const c = file.classification;
    if (!c || c.excluded || file.duplicateOf || file.otherEncodingOf) continue;
    // DICOM images and slides are dated by their headers; archives and unknown files are not documents.
    if (file.family === 'dicom' || file.family === 'dicomdir' || file.family === 'slide' || file.family === 'archive' || file.family === 'empty') continue;
    const reasons: string[] = [];
    if (c.category === 'other') reasons.push('what is it? (category)');
    else if (c.tiedWith?.length) reasons.push(`${c.category} or ${c.tiedWith.join(' or ')}? (category)`);
    if (!c.date?.date) reasons.push(c.date?.ambiguous ? `date ${c.date.ambiguous.join(' or ')}?` : 'no date found');
    else if (c.date.source === 'file-metadata') reasons.push(`date? (only the file's timestamp ${c.date.date})`);
    if (reasons.length > 0) out.push({ file, why: reasons.join('; ') });
  }
  return out;
}

/** The patient block: as answered at a terminal, else as DICOM headers show it, else a commented example. */
function addPatient(add: (...more: string[]) => void, scan: ScanResult, answered: CaseFileAnswers['patient']): void {
  const patients = scan.patients;
  const first = patients[0];
  const others = (list: typeof patients): string[] => list.map((p) => `#   ${p.name ? displayPersonName(p.name) : '(no name)'}  ID ${p.patientId ?? '-'}  born ${p.birthDate ?? '-'}  (${p.fileCount} file(s))`);
  if (answered && Object.keys(answered).length > 0) {
    add('# Patient as given at `casepack init`. Check the spelling against the passport.');
    if (patients.length > 0) add('# Identities the scan saw in the files:', ...others(patients));
    add(...liveYaml('patient', answered));
  } else if (first && (first.name || first.patientId || first.birthDate)) {
    add(`# Patient as seen in DICOM headers (${first.fileCount} file(s)). Check the spelling against the passport.`);
    if (patients.length > 1) add(`# NOTE: ${patients.length} different identities were seen; the others:`, ...others(patients.slice(1)));
    add('patient:');
    if (first.name) add(`  name: ${scalar(displayPersonName(first.name))}`);
    if (first.birthDate) add(`  birthDate: ${first.birthDate}`);
    if (first.patientId) add(`  id: ${scalar(first.patientId)}`);
  } else {
    add('# patient:', '#   name: "Jane Doe"', '#   birthDate: 1960-02-29', '#   id: "hospital number"');
  }
}

/**
 * The text of a first casepack.yaml for a scanned case: what the scan saw
 * (identity in DICOM, a date-order guess), commented TODO overrides for every
 * file left unsorted or undated, and commented examples for the rest.
 * Comments carry the explanations; only facts the scan saw are live YAML.
 */
export function renderCaseFileTemplate(scan: ScanResult, options: { today: Date; answers?: CaseFileAnswers }): string {
  const lines: string[] = [];
  const add = (...more: string[]): void => { lines.push(...more); };
  add('# casepack.yaml: what the files cannot say. Written by `casepack init`; edit freely.',
    '# Every field is optional. `casepack scan` shows where these settings changed its own guesses.',
    '');

  addPatient(add, scan, options.answers?.patient);
  add('');

  const guess = guessDateOrder(scan, options.today);
  add('# How the documents write dates: DMY (day first, 25/03/2025) or MDY (month first, 03/25/2025).');
  if (guess.order) {
    add(`# Guess from the documents: ${guess.dayFirst} write day first, ${guess.monthFirst} month first. Check it.`, `dateOrder: ${guess.order}`);
  } else if (guess.dayFirst + guess.monthFirst > 0) {
    add(`# The documents disagree: ${guess.dayFirst} write day first, ${guess.monthFirst} month first. Set the order most of them use:`, `# dateOrder: ${guess.dayFirst >= guess.monthFirst ? 'DMY' : 'MDY'}`);
  } else {
    add('# No document settled it (no date like 25/03/2025). Set it if you know the country\'s habit:', '# dateOrder: DMY');
  }
  add('');
  addExamples(add, options.answers);
  add('');

  const todo = todoFiles(scan);
  add('# Overrides: set category (clinical-summary, pathology-report, molecular-report, imaging-report,',
    '# lab-results, operative-report, radiotherapy-record, treatment-history, discharge-summary, medication-list,',
    '# imaging-export, identity-document, consent-form, other), date (YYYY-MM-DD), modality, title, or exclude: true.',
    '# `path` is a file, a folder, or a glob such as "photos/*.jpg".');
  if (todo.length === 0) {
    add('# Nothing left to sort: every document has a category and a date.', '# overrides:', '#   - path: "reports/scan 3.pdf"', '#     category: pathology-report', '#     date: 2025-09-12');
  } else {
    add(`# TODO: ${todo.length} file(s) need a person. Uncomment the overrides you fill in.`, '# overrides:');
    for (const { file, why } of todo.slice(0, MAX_TODO)) {
      add(`#   - path: ${scalar(file.path)}    # TODO ${why}`);
      add(file.classification?.category === 'other' || file.classification?.tiedWith?.length ? '#     category: ' : `#     category: ${file.classification?.category ?? ''}`);
      add(file.classification?.date?.date && file.classification.date.source !== 'file-metadata' ? `#     date: ${file.classification.date.date}` : '#     date: ');
    }
    if (todo.length > MAX_TODO) add(`# … and ${todo.length - MAX_TODO} more (see \`casepack scan\`).`);
  }
  return lines.join('\n') + '\n';
}
