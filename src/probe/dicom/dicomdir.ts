import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DataSet } from 'dicom-parser';
import type { DicomdirInfo } from '../../model/scan.js';
import { FILE_ID_SLOT, plainDirectoryRecords, RECORD_TYPE_SLOT, type DirectoryRecords } from './fast-header.js';
import { type Decoder, valueReader, Values } from './values.js';

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const DIRECTORY_RECORD_SEQUENCE = 'x00041220';
const RECORD_TYPE = 'x00041430';
const REFERENCED_FILE_ID = 'x00041500';

/** A listed name under its folder: a name read from a folder holds no separator, so no normalising join (~12,000 per 3,000-file CD). */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

/**
 * Looks names up folder by folder, ignoring case: CD file systems (ISO 9660)
 * store upper-case names that a copy may have turned to lower case. Each
 * folder is listed once.
 */
class FolderIndex {
  /** Folder -> lower-cased name -> the names on disk (a case-sensitive disk may hold `IM1` and `im1`). */
  private readonly listings = new Map<string, Promise<Map<string, string[]>>>();

  private list(dir: string): Promise<Map<string, string[]>> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = readdir(dir).then((names) => {
        const byLower = new Map<string, string[]>();
        for (const name of names) {
          const lower = name.toLowerCase();
          const same = byLower.get(lower);
          if (same) same.push(name);
          else byLower.set(lower, [name]);
        }
        return byLower;
      }, () => new Map<string, string[]>());
      this.listings.set(dir, listing);
    }
    return listing;
  }

  /** Listings already read, looked up without a promise: a CD's DICOMDIR names thousands of files in a few folders. */
  private readonly listed = new Map<string, Map<string, string[]>>();

  private async listing(dir: string): Promise<Map<string, string[]>> {
    const known = this.listed.get(dir);
    if (known) return known;
    const listing = await this.list(dir);
    this.listed.set(dir, listing);
    return listing;
  }

  /** Whether the file is there, from the listings already read; undefined when a listing on the way is not read yet. */
  private existsInListed(dir: string, components: string[], from: number): boolean | undefined {
    const first = components[from];
    if (first === undefined) return true;
    const listing = this.listed.get(dir);
    if (!listing) return undefined;
    let unknown = false;
    for (const actual of listing.get(first.toLowerCase()) ?? []) {
      const found = this.existsInListed(childPath(dir, actual), components, from + 1);
      if (found === true) return true;
      if (found === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }

  /** Whether the file is there, when the listings already read can say. */
  existsKnown(dir: string, components: string[]): boolean | undefined {
    return this.existsInListed(dir, components, 0);
  }

  async exists(dir: string, components: string[], from = 0): Promise<boolean> {
    const known = this.existsInListed(dir, components, from);
    if (known !== undefined) return known;
    const first = components[from];
    if (first === undefined) return true;
    const listing = this.listed.get(dir) ?? await this.listing(dir);
    const candidates = listing.get(first.toLowerCase()) ?? [];
    for (const actual of candidates) {
      if (await this.exists(childPath(dir, actual), components, from + 1)) return true;
    }
    return false;
  }
}

/** ISO 9660 names may carry a `;1` version suffix that the copied file does not. */
function fileIdComponents(fileId: string[]): string[] {
  return fileId.map((component) => component.replace(/;\d+$/, '')).filter((component) => component !== '');
}

/** The values of one directory record at a time, as `valueReader` reads a record's data set, from the lean reader's notes: one reader for every record. */
class PlainRecordValues extends Values<number> {
  record = 0;

  constructor(private readonly records: DirectoryRecords, decode: Decoder) {
    super(decode);
  }

  protected raw(slot: number, personName: boolean): string | undefined {
    const offset = this.records.valueOffset(this.record, slot);
    const length = this.records.valueLength(this.record, slot);
    // As DataSetValues.raw: absent, empty, or past the bytes read is no value (the lean reader never notes an undefined length).
    if (offset < 0 || length === 0) return undefined;
    const end = offset + length;
    const { bytes } = this.records;
    if (end > bytes.length) return undefined;
    return this.decode(bytes, offset, end, personName);
  }

  uint16(slot: number): number | undefined {
    const offset = this.records.valueOffset(this.record, slot);
    const { bytes } = this.records;
    if (offset < 0 || this.records.valueLength(this.record, slot) < 2 || offset + 2 > bytes.length) return undefined;
    return bytes.readUInt16LE(offset);
  }
}

/**
 * Each directory record's type (trimmed, as read) and referenced file ID (its values), in order, handed to
 * `visit` one record at a time: the lean reader's records are read from its notes, so no object is made per
 * record beyond what `visit` keeps; dicom-parser's (a damaged or unusual DICOMDIR) from its items.
 */
async function eachRecord(dataSet: DataSet, decode: Decoder, visit: (type: string | undefined, fileId: string[]) => Promise<void> | void): Promise<void> {
  const plain = plainDirectoryRecords(dataSet);
  if (plain) {
    const values = new PlainRecordValues(plain, decode);
    for (let record = 0; record < plain.count; record++) {
      values.record = record;
      const done = visit(values.string(RECORD_TYPE_SLOT), values.strings(FILE_ID_SLOT));
      if (done) await done;
    }
    return;
  }
  for (const item of dataSet.elements[DIRECTORY_RECORD_SEQUENCE]?.items ?? []) {
    const record = item.dataSet;
    if (!record) continue;
    const values = valueReader(record, decode);
    const done = visit(values.string(RECORD_TYPE), values.strings(REFERENCED_FILE_ID));
    if (done) await done;
  }
}

/** Read the directory records of a DICOMDIR and check every referenced file is there. */
export async function readDirectory(dataSet: DataSet, decode: Decoder, absPath: string, relPath: string): Promise<DicomdirInfo> {
  const counts: Record<string, number> = {};
  let referenced = 0;
  const index = new FolderIndex();
  const base = path.dirname(absPath);
  const relBase = path.posix.dirname(relPath);
  const missing: string[] = [];
  // Each record's file is looked for as it is read: a list of every record's file ID, kept until all were
  // checked, was ~0.2 KB a file of a CD held through the probe (issue 15, memory flat in the number of files).
  await eachRecord(dataSet, decode, (recordType, fileId) => {
    const type = recordType?.toUpperCase() ?? 'UNKNOWN';
    counts[type] = (counts[type] ?? 0) + 1;
    const components = fileIdComponents(fileId);
    if (components.length === 0) return;
    referenced++;
    // A file ID must stay inside the CD's folder; `..` is never a valid component.
    if (components.some((c) => c === '..' || c === '.')) return;
    const noteMissing = (found: boolean): void => {
      if (!found) missing.push(relBase === '.' ? components.join('/') : `${relBase}/${components.join('/')}`);
    };
    // Answered from the listings already read, most records wait for nothing.
    const known = index.existsKnown(base, components);
    if (known !== undefined) return noteMissing(known);
    return index.exists(base, components).then(noteMissing);
  });
  const info: DicomdirInfo = { referencedFiles: referenced, missingFiles: missing };
  if (counts.PATIENT !== undefined) info.patients = counts.PATIENT;
  if (counts.STUDY !== undefined) info.studies = counts.STUDY;
  if (counts.SERIES !== undefined) info.series = counts.SERIES;
  return info;
}
