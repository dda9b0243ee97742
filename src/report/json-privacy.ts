import type { CheckResult } from '../model/check.js';
import type { MergedPdfEntry, PacketPlan, PlanEntry, PlannedStudy } from '../plan/schema.js';
import type { Finding } from '../model/finding.js';
import type { CasePatient, Classification, FileEntry, PatientIdentity, Redacted, ScanResult, Study } from '../model/scan.js';
import { displayPersonName, personNameGroups } from '../util/person-name.js';

/**
 * What machine output (`--json`, JSON reports, JUnit) may carry. By default
 * neither the documents' words nor whom they are about: CI logs and tickets
 * are not where a patient's diagnosis or name belongs (README "Privacy").
 */
export interface JsonPrivacy {
  /** `--include-text`: extracted text, titles, rule matches, date lines, DICOM descriptions. */
  includeText?: boolean | undefined;
  /** `--include-identity`: names, IDs and their issuers, birth dates, identity keys built from them. */
  includeIdentity?: boolean | undefined;
}

/** Stands where a value was cut out of a finding's message. */
export const REDACTED = '[redacted]';

/** The parts left out, as the output's `redacted` field names them. */
export function redactedParts(options: JsonPrivacy): Redacted[] {
  const parts: Redacted[] = [];
  if (!options.includeText) parts.push('text');
  if (!options.includeIdentity) parts.push('identity');
  return parts;
}

/**
 * Cuts one run's secrets out of JSON. Identities become `patient-1`, `patient-2`…
 * in the order of the scan's `patients`: the grouping of files by person stays
 * visible, and the stand-ins mean nothing outside this run (no hash to match
 * across runs or cases).
 */
class Redactor {
  private readonly keys = new Map<string, string>();
  private readonly secrets = new Map<string, string>();
  /** Each secret under its rarest word: a message is searched only for the secrets filed under its words. */
  private readonly byWord = new Map<string, string[]>();

  constructor(scan: ScanResult, readonly options: JsonPrivacy, extraText: readonly string[] = []) {
    for (const p of scan.patients) this.key(p.key);
    if (!options.includeIdentity) this.collectIdentity(scan);
    if (!options.includeText) {
      this.collectText(scan);
      for (const line of extraText) this.add(line, REDACTED);
    }
    this.index();
  }

  /** The opaque stand-in of an identity key (itself when identity is asked for). */
  key(key: string): string {
    if (this.options.includeIdentity) return key;
    let opaque = this.keys.get(key);
    if (!opaque) { opaque = `patient-${this.keys.size + 1}`; this.keys.set(key, opaque); }
    return opaque;
  }

  private add(value: string | undefined, replacement: string): void {
    const trimmed = value?.trim();
    // One-character values would cut letters out of every message; they identify no one.
    const secret = trimmed?.toLowerCase();
    if (!secret || secret.length < 2 || this.secrets.has(secret)) return;
    this.secrets.set(secret, replacement);
  }

  /**
   * A secret matches on word edges, so each of its words is one of the text's words. Filed under its rarest
   * word, it is looked for only in texts that have that word: thousands of titles and date lines that all
   * start "Date of…" would otherwise each be searched for in every message (seconds a message).
   */
  private index(): void {
    const count = new Map<string, number>();
    const wordsOf = new Map<string, string[]>();
    for (const secret of this.secrets.keys()) {
      const words = [...new Set(secret.match(WORDS) ?? [''])];
      wordsOf.set(secret, words);
      for (const w of words) count.set(w, (count.get(w) ?? 0) + 1);
    }
    for (const [secret, words] of wordsOf) {
      const rarest = words.reduce((a, b) => ((count.get(b) ?? 0) < (count.get(a) ?? 0) ? b : a));
      const list = this.byWord.get(rarest);
      if (list) list.push(secret); else this.byWord.set(rarest, [secret]);
    }
  }

  private addPerson(person: { name?: string | undefined; patientId?: string | undefined; patientIdIssuer?: string | undefined; birthDate?: string | undefined }, stand: string): void {
    if (person.name) {
      this.add(person.name, stand);
      this.add(displayPersonName(person.name), stand);
      for (const group of personNameGroups(person.name)) { this.add(group, stand); this.add(displayPersonName(group), stand); }
    }
    this.add(person.patientId, REDACTED);
    this.add(person.patientIdIssuer, REDACTED);
    this.add(person.birthDate, REDACTED);
    this.add(person.birthDate?.replaceAll('-', ''), REDACTED);
  }

  private collectIdentity(scan: ScanResult): void {
    for (const p of scan.patients) {
      const stand = this.key(p.key);
      // The person's fields first: the key's parts repeat them, and an ID or birth date is no name.
      this.addPerson(p, stand);
      this.add(p.key, stand);
      for (const part of p.key.split('|')) this.add(part, stand);
    }
    if (scan.casePatient) this.addPerson(scan.casePatient, scan.casePatient.key ? this.key(scan.casePatient.key) : 'the case\'s patient');
    // A CD repeats one patient in every slice: each distinct person is split into names once, not per file.
    const seen = new Set<string>();
    for (const f of scan.files) {
      const d = f.dicom;
      if (!d) continue;
      const stand = f.identity ? this.key(f.identity.patientKey) : REDACTED;
      const person = { name: d.patientName, patientId: d.patientId, patientIdIssuer: d.issuerOfPatientId, birthDate: d.patientBirthDate };
      const seenKey = JSON.stringify([person.name, person.patientId, person.patientIdIssuer, person.birthDate, stand]);
      if (seen.has(seenKey)) continue;
      seen.add(seenKey);
      this.addPerson(person, stand);
    }
  }

  private collectText(scan: ScanResult): void {
    const fromClassification = (c: Classification | undefined) => {
      this.add(c?.title, REDACTED);
      if (c?.date?.source === 'content') this.add(c.date.evidence, REDACTED);
    };
    for (const f of scan.files) {
      fromClassification(f.classification);
      this.add(f.pdf?.title, REDACTED);
      this.add(f.dicom?.studyDescription, REDACTED);
      this.add(f.dicom?.seriesDescription, REDACTED);
    }
    for (const s of scan.dicom.studies) {
      fromClassification(s.classification);
      this.add(s.description, REDACTED);
      for (const series of s.series) this.add(series.description, REDACTED);
    }
  }

  /** A message or value with every secret of the run replaced by its stand-in. */
  scrub(text: string): string {
    const lower = text.toLowerCase();
    const present = new Set<string>();
    for (const word of new Set(['', ...(lower.match(WORDS) ?? [])])) {
      for (const secret of this.byWord.get(word) ?? []) if (lower.includes(secret)) present.add(secret);
    }
    if (present.size === 0) return text;
    const alternatives = [...present].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // One pass over the text, longest secret first: a stand-in is never itself rewritten.
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    return text.replace(pattern, (m) => this.secrets.get(m.toLowerCase()) ?? REDACTED);
  }

  private scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.keys.has(value) ? this.key(value) : this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubValue(v)]));
    return value;
  }

  /** Findings keep code, severity, paths and structure; names, IDs, birth dates and quoted lines in their words go. */
  findings(findings: readonly Finding[]): Finding[] {
    return findings.map((f) => {
      const out: Finding = { ...f, message: this.scrub(f.message), hint: this.scrub(f.hint) };
      if (f.details) out.details = this.scrubValue(f.details) as Record<string, unknown>;
      return out;
    });
  }
}

const WORDS = /[\p{L}\p{N}]+/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withoutWords(c: Classification): Classification {
  const { title: _title, ...rest } = c;
  const out: Classification = { ...rest, reasons: c.reasons.map(({ matched: _matched, ...reason }) => reason) };
  // The primary/summary cues quote the document too ("Dear Dr Marsh").
  if (c.source) out.source = { ...c.source, reasons: c.source.reasons.map(({ matched: _matched, ...reason }) => reason) };
  if (c.date?.source === 'content' && c.date.evidence !== undefined) {
    const { evidence: _evidence, ...date } = c.date;
    out.date = date;
  }
  return out;
}

/** Extracted text (dropped unless asked for since the first release) and, now, every other line taken from a document. */
function fileWithoutWords(file: FileEntry): FileEntry {
  // Marker values are read from the documents' words (classify/markers): they go with the text.
  const { markers: _markers, ...rest } = file;
  const copy: FileEntry = { ...rest };
  if (copy.pdf) { const { text: _t, title: _title, ...rest } = copy.pdf; copy.pdf = rest; }
  if (copy.dicom) { const { text: _t, studyDescription: _s, seriesDescription: _d, ...rest } = copy.dicom; copy.dicom = rest; }
  if (copy.text) { const { content: _c, ...rest } = copy.text; copy.text = rest; }
  if (copy.image) { const { text: _t, ...rest } = copy.image; copy.image = rest; }
  if (copy.tiff) { const { text: _t, ...rest } = copy.tiff; copy.tiff = rest; }
  if (copy.classification) copy.classification = withoutWords(copy.classification);
  return copy;
}

function fileWithoutIdentity(file: FileEntry, r: Redactor): FileEntry {
  const copy: FileEntry = { ...file };
  if (copy.dicom) { const { patientName: _n, patientId: _i, issuerOfPatientId: _s, patientBirthDate: _b, ...rest } = copy.dicom; copy.dicom = rest; }
  // A file only casepack.yaml calls another person's names no one: its empty key stays empty, no stand-in.
  if (copy.identity) copy.identity = { ...copy.identity, patientKey: copy.identity.patientKey && r.key(copy.identity.patientKey) };
  return copy;
}

function study(s: Study, r: Redactor): Study {
  let out: Study = { ...s };
  if (!r.options.includeText) {
    const { description: _d, ...rest } = out;
    out = { ...rest, series: s.series.map(({ description: _s, ...series }) => series) };
    if (s.classification) out.classification = withoutWords(s.classification);
  }
  if (!r.options.includeIdentity && s.patientKey !== undefined) out.patientKey = r.key(s.patientKey);
  return out;
}

function patient(p: PatientIdentity, r: Redactor): PatientIdentity {
  return r.options.includeIdentity ? p : { key: r.key(p.key), sources: p.sources, fileCount: p.fileCount };
}

function casePatient(p: CasePatient, r: Redactor): CasePatient {
  if (r.options.includeIdentity) return p;
  return p.key === undefined ? { source: p.source } : { source: p.source, key: r.key(p.key) };
}

/** The scan as `scan --json` prints it: without document words or identity unless `options` asks for them. */
export function redactScan(scan: ScanResult, options: JsonPrivacy = {}): ScanResult {
  const redaction = scanRedaction(scan, options);
  if (!redaction) return scan;
  const files = scan.files.map(redaction.file);
  return { ...scan, files, ...redaction.rest() };
}

/**
 * JSON view of a scan: without the documents' words (extracted text, titles,
 * rule matches, date lines, DICOM descriptions) unless `includeText`, and
 * without whom they are about (names, IDs, birth dates; identity keys become
 * `patient-1`…) unless `includeIdentity`. It validates against the same schema.
 * Here, not in pipeline/scan.ts, so a scan loads this module only when it writes JSON (start-up, issue 15).
 */
export function scanToJson(scan: ScanResult, options: JsonPrivacy = {}): ScanResult {
  return redactScan(scan, options);
}

/** What `redactScan` does, a file at a time, so `scan --json` can write each entry as it is made. */
export interface ScanRedaction {
  file(f: FileEntry): FileEntry;
  /** The parts after the files (call it after every file, as redactScan does: stand-ins are numbered in that order). */
  rest(): Pick<ScanResult, 'dicom' | 'patients' | 'findings' | 'casePatient' | 'redacted'>;
}

/** undefined when nothing is left out (`scan` is then printed as it is). */
export function scanRedaction(scan: ScanResult, options: JsonPrivacy = {}): ScanRedaction | undefined {
  const redacted = redactedParts(options);
  if (redacted.length === 0) return undefined;
  const r = new Redactor(scan, options);
  return {
    file: (f) => {
      const words = options.includeText ? f : fileWithoutWords(f);
      return options.includeIdentity ? words : fileWithoutIdentity(words, r);
    },
    rest: () => {
      const out: ReturnType<ScanRedaction['rest']> = {
        dicom: { studies: scan.dicom.studies.map((s) => study(s, r)) },
        patients: scan.patients.map((p) => patient(p, r)),
        findings: r.findings(scan.findings),
      };
      if (scan.casePatient) out.casePatient = casePatient(scan.casePatient, r);
      out.redacted = redacted;
      return out;
    },
  };
}

/**
 * The check as `check --json`, `--report x.json` and `--junit` carry it. The
 * check holds no document text of its own, but its findings (the scan's,
 * passed on) quote names, birth dates and date lines: those are cut by the
 * scan's secrets.
 */
export function redactCheck(check: CheckResult, scan: ScanResult, options: JsonPrivacy = {}): CheckResult {
  const redacted = redactedParts(options);
  if (redacted.length === 0) return check;
  // A quoting letter's author is a line of the document (the name under its closing): text, like its title.
  const authors = options.includeText ? [] : check.items.flatMap((item) => (item.quotedIn ?? []).flatMap((q) => (q.author ? [q.author] : [])));
  const r = new Redactor(scan, options, authors);
  return { ...check, items: check.items.map((item) => checkItem(item, r)), findings: r.findings(check.findings), redacted };
}

type CheckItem = CheckResult['items'][number];

function checkItem(item: CheckItem, r: Redactor): CheckItem {
  const out: CheckItem = { ...item };
  if (item.detail !== undefined) out.detail = r.scrub(item.detail);
  if (item.quotedIn) {
    out.quotedIn = item.quotedIn.map(({ author, ...quote }) => ({
      ...quote,
      ...(author !== undefined && r.options.includeText ? { author } : {}),
      phrase: r.scrub(quote.phrase),
    }));
  }
  if (item.request?.documents) {
    out.request = { ...item.request, documents: item.request.documents.map((d) => (d.phrase === undefined ? d : { ...d, phrase: r.scrub(d.phrase) })) };
  }
  return out;
}

/** Findings of a run (the build summary's) without the scan's secrets. */
export function redactFindings(findings: readonly Finding[], scan: ScanResult, options: JsonPrivacy = {}): Finding[] {
  return redactedParts(options).length === 0 ? [...findings] : new Redactor(scan, options).findings(findings);
}

/**
 * The plan as `build --dry-run --json` prints it. Bookmarks, titles and
 * imaging descriptions are lines taken from the documents: they go unless
 * `--include-text` (and are scrubbed of identity unless `--include-identity`);
 * left-out details are scrubbed like findings.
 */
export function redactPlan(plan: PacketPlan, scan: ScanResult, options: JsonPrivacy = {}): PacketPlan {
  const redacted = redactedParts(options);
  if (redacted.length === 0) return plan;
  const r = new Redactor(scan, options);
  const words = (text: string): string => (options.includeText ? r.scrub(text) : REDACTED);
  const entry = (e: PlanEntry): PlanEntry => (e.kind !== 'merged-pdf' ? e : {
    ...e,
    sources: e.sources.map((source): MergedPdfEntry['sources'][number] => ({ ...source, bookmark: words(source.bookmark), title: words(source.title) })),
  });
  const study = (s: PlannedStudy): PlannedStudy => {
    const { description, ...rest } = s;
    const series = s.series.map(({ description: d, ...one }) => (options.includeText && d !== undefined ? { ...one, description: r.scrub(d) } : one));
    return options.includeText && description !== undefined ? { ...rest, description: r.scrub(description), series } : { ...rest, series };
  };
  return {
    ...plan,
    entries: plan.entries.map(entry),
    studies: plan.studies.map(study),
    leftOut: plan.leftOut.map((l) => (l.detail === undefined ? l : { ...l, detail: r.scrub(l.detail) })),
    redacted,
  };
}
