import type { DataSet } from 'dicom-parser';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { DicomInfo } from '../../model/scan.js';
import { readAt, type Probe, type ProbeInput, type ProbeOutput } from '../types.js';
import { MEDIA_STORAGE_DIRECTORY, readDirectory } from './dicomdir.js';
import { isCompressedSyntax, kindOf, sopClassName } from './kind.js';
import { ENCAPSULATED_DOCUMENT, leanReaders, parseDicomHeader, PIXEL_DATA, type ParsedDicom } from './parse.js';
import { readPlainSlice, SLICE_FIELD, SliceFields } from './fast-header.js';
import { srText } from './sr.js';
import { intern } from './intern.js';
import { decoderFor, fieldReader, SliceValues, valueReader, type Values } from './values.js';

/** Findings name at most this many files; the full count goes in details. */
const MAX_PATHS_IN_FINDING = 20;
const DEFAULT_MAX_TEXT_CHARS = 20_000;

const FIELD = SLICE_FIELD;
const TAG = {
  mediaStorageSopClass: 'x00020002',
  sopClass: 'x00080016',
} as const;

/** The identifying tags of any DICOM object: without any of them the "headless" guess was wrong. */
const IDENTIFYING_TAGS = [TAG.sopClass, 'x00080018', 'x0020000d', 'x0020000e', 'x00080060', TAG.mediaStorageSopClass];

function looksLikeDicom(dataSet: DataSet): boolean {
  return IDENTIFYING_TAGS.some((tag) => dataSet.elements[tag] !== undefined);
}

/** Where an element's value lies, as dicom-parser's element says. */
interface ElementSpan {
  dataOffset: number;
  length: number;
  hadUndefinedLength?: boolean;
}

/** What `describe` and the truncation check read of a header, whichever reader read it. */
interface HeaderReading {
  /** Values by field (fast-header.ts SLICE_FIELD); `describe` sets the header's decoder on it. */
  values: Values<number>;
  hasPreamble: boolean;
  /** Bytes to subtract from a data offset to get a file offset. */
  shift: number;
  deflated: boolean;
  declaredTransferSyntax?: string | undefined;
  pixel: ElementSpan | undefined;
  document: ElementSpan | undefined;
  /** dicom-parser's data set, for a structured report's content (the lean reader leaves those to it). */
  dataSet?: DataSet;
}

function readingOf(parsed: ParsedDicom): HeaderReading {
  const { dataSet } = parsed;
  return {
    values: fieldReader(dataSet, decoderFor(undefined)),
    hasPreamble: parsed.hasPreamble,
    shift: parsed.shift,
    deflated: parsed.deflated,
    declaredTransferSyntax: parsed.declaredTransferSyntax,
    pixel: dataSet.elements[PIXEL_DATA],
    document: dataSet.elements[ENCAPSULATED_DOCUMENT],
    dataSet,
  };
}

/** The decoder for the data set's declared Specific Character Set (the tag itself is plain ASCII). */
function decoderOf(dataSet: DataSet): ReturnType<typeof decoderFor> {
  return decoderFor(valueReader(dataSet, decoderFor(undefined)).string('x00080005'));
}

/** What the object is; its SOP class and modality, which say so. Sets the header's decoder on its values. */
function identify(reading: HeaderReading): { sopClassUid: string | undefined; modality: string | undefined; kind: DicomInfo['kind'] } {
  const { values } = reading;
  values.decode = decoderFor(undefined);
  values.decode = decoderFor(values.string(FIELD.characterSet));
  const sopClassUid = values.string(FIELD.sopClass) ?? values.string(FIELD.mediaStorageSopClass);
  const modality = values.string(FIELD.modality);
  return { sopClassUid, modality, kind: kindOf(sopClassUid, modality, reading.pixel !== undefined, reading.document !== undefined) };
}

/** Every field of DicomInfo the header holds. */
function describe(reading: HeaderReading, identity: ReturnType<typeof identify>, input: ProbeInput): DicomInfo {
  const { values, document } = reading;
  const { sopClassUid, modality } = identity;
  const info: DicomInfo = { hasPreamble: reading.hasPreamble, kind: identity.kind };
  // Named stores, one field at a time in the output's order: a computed key (info[key] = …) past a dozen fields
  // turns the object into a hash table, ~1 KB more for every DICOM file a scan keeps (issue 15, memory flat).
  // The instance UID is one per file: nothing to share; the other values repeat across a CD and are interned.
  if (sopClassUid !== undefined) info.sopClassUid = intern(sopClassUid);
  const className = sopClassName(sopClassUid);
  if (className !== undefined) info.sopClassName = intern(className);
  const sopInstanceUid = values.string(FIELD.sopInstance);
  if (sopInstanceUid !== undefined) info.sopInstanceUid = sopInstanceUid;
  const studyInstanceUid = values.string(FIELD.studyInstance);
  if (studyInstanceUid !== undefined) info.studyInstanceUid = intern(studyInstanceUid);
  const seriesInstanceUid = values.string(FIELD.seriesInstance);
  if (seriesInstanceUid !== undefined) info.seriesInstanceUid = intern(seriesInstanceUid);
  if (modality !== undefined) info.modality = intern(modality);
  const studyDate = values.date(FIELD.studyDate);
  if (studyDate !== undefined) info.studyDate = intern(studyDate);
  const seriesDate = values.date(FIELD.seriesDate);
  if (seriesDate !== undefined) info.seriesDate = intern(seriesDate);
  const acquisitionDate = values.date(FIELD.acquisitionDate) ?? values.date(FIELD.acquisitionDateTime);
  if (acquisitionDate !== undefined) info.acquisitionDate = intern(acquisitionDate);
  const contentDate = values.date(FIELD.contentDate);
  if (contentDate !== undefined) info.contentDate = intern(contentDate);
  const studyDescription = values.string(FIELD.studyDescription);
  if (studyDescription !== undefined) info.studyDescription = intern(studyDescription);
  const seriesDescription = values.string(FIELD.seriesDescription);
  if (seriesDescription !== undefined) info.seriesDescription = intern(seriesDescription);
  const seriesNumber = values.int(FIELD.seriesNumber);
  if (seriesNumber !== undefined) info.seriesNumber = seriesNumber;
  const instanceNumber = values.int(FIELD.instanceNumber);
  if (instanceNumber !== undefined) info.instanceNumber = instanceNumber;
  const bodyPart = values.string(FIELD.bodyPart);
  if (bodyPart !== undefined) info.bodyPart = intern(bodyPart);
  const patientName = values.personName(FIELD.patientName);
  if (patientName !== undefined) info.patientName = intern(patientName);
  const patientId = values.string(FIELD.patientId);
  if (patientId !== undefined) info.patientId = intern(patientId);
  const issuerOfPatientId = values.string(FIELD.issuerOfPatientId);
  if (issuerOfPatientId !== undefined) info.issuerOfPatientId = intern(issuerOfPatientId);
  const patientBirthDate = values.date(FIELD.patientBirthDate);
  if (patientBirthDate !== undefined) info.patientBirthDate = intern(patientBirthDate);
  const institution = values.string(FIELD.institution);
  if (institution !== undefined) info.institution = intern(institution);
  const manufacturer = values.string(FIELD.manufacturer);
  if (manufacturer !== undefined) info.manufacturer = intern(manufacturer);
  const transferSyntaxUid = values.string(FIELD.transferSyntax) ?? reading.declaredTransferSyntax;
  if (transferSyntaxUid !== undefined) info.transferSyntaxUid = intern(transferSyntaxUid);
  if (transferSyntaxUid) info.compressed = isCompressedSyntax(transferSyntaxUid);
  const rows = values.uint16(FIELD.rows);
  if (rows !== undefined) info.rows = rows;
  const columns = values.uint16(FIELD.columns);
  if (columns !== undefined) info.columns = columns;
  const numberOfFrames = values.int(FIELD.numberOfFrames);
  if (numberOfFrames !== undefined) info.numberOfFrames = numberOfFrames;
  const imageType = values.strings(FIELD.imageType);
  if (imageType.length > 0) info.imageType = intern(imageType.join('\\'));
  if (document && !reading.deflated && !document.hadUndefinedLength) {
    info.encapsulatedPdf = { offset: document.dataOffset - reading.shift, length: document.length };
  }
  if (info.kind === 'structured-report' && input.options.extractText !== false && reading.dataSet) {
    const text = srText(reading.dataSet, values.decode, input.options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS);
    if (text) info.text = text;
  }
  return info;
}

/**
 * Does the file end before its pixel data (or embedded document) does?
 * Native pixel data has a length to check; encapsulated fragments are walked
 * item by item from the file, a few bytes per fragment.
 */
async function isCutShort(reading: HeaderReading, endsEarly: boolean, input: ProbeInput): Promise<boolean> {
  const known = cutShortByLengths(reading, endsEarly, input.size);
  if (known !== undefined) return known;
  return !(await fragmentsComplete(input, (reading.pixel as ElementSpan).dataOffset - reading.shift));
}

/** isCutShort's answer when the lengths tell it; undefined when the fragments of encapsulated pixel data must be walked. */
function cutShortByLengths(reading: HeaderReading, endsEarly: boolean, size: number): boolean | undefined {
  if (endsEarly) return true;
  if (reading.deflated) return false;
  const { document, pixel, shift } = reading;
  if (document && !document.hadUndefinedLength && document.dataOffset - shift + document.length > size) return true;
  if (!pixel) return false;
  const start = pixel.dataOffset - shift;
  if (!pixel.hadUndefinedLength) return start + pixel.length > size;
  return undefined;
}

const ITEM = 0xfffee000;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const MAX_FRAGMENTS = 100_000;

/** Walk the fragment items of encapsulated pixel data (always little endian) until the sequence delimiter. */
async function fragmentsComplete(input: ProbeInput, start: number): Promise<boolean> {
  // Fast path: almost every file ends with the sequence delimiter; one read instead of one per frame.
  if (input.size >= start + 8) {
    const tail = await readAt(input.handle, input.size - 8, 8);
    if (tail.length === 8 && tail.readUInt32LE(4) === 0 && ((tail.readUInt16LE(0) << 16) | tail.readUInt16LE(2)) >>> 0 === SEQUENCE_DELIMITER) return true;
  }
  let position = start;
  for (let count = 0; count < MAX_FRAGMENTS; count++) {
    if (position + 8 > input.size) return false;
    const header = await readAt(input.handle, position, 8);
    if (header.length < 8) return false;
    const tag = ((header.readUInt16LE(0) << 16) | header.readUInt16LE(2)) >>> 0;
    const length = header.readUInt32LE(4);
    if (tag === SEQUENCE_DELIMITER) return true;
    if (tag !== ITEM) return true; // Not our business to judge odd encodings: only a clear short file counts.
    position += 8 + length;
  }
  return true;
}

function truncatedFinding(relPath: string, hasPixels: boolean, reason: string | undefined): Finding {
  return finding('DICOM_TRUNCATED', relPath, hasPixels ? {} : {
    message: 'The DICOM file is cut short: it ends in the middle of its header or document.',
    ...(reason ? { details: { reason } } : {}),
  });
}

async function describeDirectory(parsed: ParsedDicom, input: ProbeInput): Promise<ProbeOutput> {
  const { relPath } = input;
  const findings: Finding[] = [];
  const kept = parsed.directoryRecordsBeforeCut;
  if (kept !== undefined) {
    findings.push(finding('DICOMDIR_UNREADABLE', relPath, {
      message: `The DICOMDIR (the CD's table of contents) is damaged: a directory record runs past its end; the ${kept} whole records before it were read.`,
      details: { recordsRead: kept },
    }));
  } else if (parsed.partial && parsed.endsEarly) {
    findings.push(finding('DICOMDIR_UNREADABLE', relPath, { message: 'The DICOMDIR (the CD\'s table of contents) is cut short; only part of it could be read.' }));
  }
  const dicomdir = await readDirectory(parsed.dataSet, decoderOf(parsed.dataSet), input.absPath, relPath);
  const missing = dicomdir.missingFiles;
  if (missing.length > 0) {
    findings.push(finding('DICOMDIR_MISSING_FILES', [relPath, ...missing.slice(0, MAX_PATHS_IN_FINDING)], {
      message: `The DICOMDIR (the CD's table of contents) lists ${dicomdir.referencedFiles} files; ${missing.length} of them are not in the folder.`,
      details: { referenced: dicomdir.referencedFiles, missing: missing.length, listed: Math.min(missing.length, MAX_PATHS_IN_FINDING) },
    }));
  }
  return { family: 'dicomdir', dicomdir, findings };
}

/** One set of lean fields and one reader over them, reused for every slice: a slice is read and described without a wait. */
const sliceFields = new SliceFields();
// The instance UID and number differ in every file: nothing to remember.
const sliceValues = new SliceValues(sliceFields, decoderFor(undefined), new Set([FIELD.sopInstance, FIELD.instanceNumber]));

function spanOf(field: number): ElementSpan | undefined {
  if (!sliceFields.has(field)) return undefined;
  const span: ElementSpan = { dataOffset: sliceFields.offsets[field] as number, length: sliceFields.lengths[field] as number };
  if (sliceFields.undefinedLengths[field] === 1) span.hadUndefinedLength = true;
  return span;
}

/**
 * The common slice (a plain Part 10 header in its first bytes, read to the pixel data), described straight
 * from the lean reader's fields: no dicom-parser DataSet, no element objects (issue 15). What probeDicom
 * would answer for it, or undefined for anything else (a DICOMDIR, a structured report's text, a header
 * the lean reader steps aside for), which then goes the whole way.
 */
function probePlainSlice(input: ProbeInput): ProbeOutput | Promise<ProbeOutput> | undefined {
  // A data set straight after `DICM`, with no meta group, is read as headless (parse.ts): not plain.
  if (!leanReaders.enabled || input.head.length < 134 || input.head.readUInt16LE(132) !== 0x0002 || !readPlainSlice(input.head, sliceFields)) return undefined;
  const values = sliceValues;
  values.decode = decoderFor(undefined);
  if ((values.string(FIELD.mediaStorageSopClass) ?? values.string(FIELD.sopClass)) === MEDIA_STORAGE_DIRECTORY) return undefined;
  const reading: HeaderReading = { values, hasPreamble: true, shift: 0, deflated: false, pixel: spanOf(FIELD.pixelData), document: spanOf(FIELD.encapsulatedDocument) };
  const identity = identify(reading);
  if (identity.kind === 'structured-report' && input.options.extractText !== false) return undefined;
  const dicom = describe(reading, identity, input);
  // Native pixel data (most slices): its length answers at once, with no wait for a read.
  const cutShort = cutShortByLengths(reading, false, input.size);
  if (cutShort === undefined) return withTruncation(dicom, reading, input);
  return { family: 'dicom', dicom, findings: cutShort ? [truncatedFinding(input.relPath, true, undefined)] : [] };
}

/** A described slice with its DICOM_TRUNCATED finding, if it is cut short (only the spans of `reading` are read, after a wait). */
async function withTruncation(dicom: DicomInfo, reading: HeaderReading, input: ProbeInput): Promise<ProbeOutput> {
  const findings: Finding[] = [];
  if (await isCutShort(reading, false, input).catch(() => false)) findings.push(truncatedFinding(input.relPath, reading.pixel !== undefined, undefined));
  return { family: 'dicom', dicom, findings };
}

/** Header-only DICOM probe: never reads pixel data, never throws. */
export const probeDicom: Probe = async (input) => {
  const plain = probePlainSlice(input);
  if (plain) return plain;
  const { relPath } = input;
  let result;
  try {
    result = await parseDicomHeader(input, { keptOnly: true });
  } catch (err) {
    // parseDicomHeader handles parser errors itself; this is I/O failing under us.
    return { family: 'dicom', findings: [finding('DICOM_UNREADABLE', relPath, { details: { reason: err instanceof Error ? err.message.slice(0, 200) : 'read failed' } })] };
  }
  const headless = input.head.toString('latin1', 128, 132) !== 'DICM';
  const parsed = result.parsed;
  // With the DICM magic and a data set read to its end, it is DICOM even when it names nothing (a header fragment).
  const cleanPart10 = !headless && parsed !== undefined && !parsed.partial && Object.keys(parsed.dataSet.elements).length > 0;
  if (!parsed || (!cleanPart10 && !looksLikeDicom(parsed.dataSet))) {
    // Without the DICM magic we only guessed DICOM from the first bytes; a wrong guess is not a damaged DICOM file.
    if (headless) return { family: 'other', findings: [finding('FILE_UNKNOWN_TYPE', relPath)] };
    if (/(^|\/)DICOMDIR$/i.test(relPath)) return { family: 'dicomdir', findings: [finding('DICOMDIR_UNREADABLE', relPath, { details: { reason: parsed?.reason ?? result.reason ?? 'no DICOM elements' } })] };
    return { family: 'dicom', findings: [finding('DICOM_UNREADABLE', relPath, { details: { reason: parsed?.reason ?? result.reason ?? 'no DICOM elements' } })] };
  }

  const values = valueReader(parsed.dataSet, decoderFor(undefined));
  const sopClass = values.string(TAG.mediaStorageSopClass) ?? values.string(TAG.sopClass);
  if (sopClass === MEDIA_STORAGE_DIRECTORY) return describeDirectory(parsed, input);

  const reading = readingOf(parsed);
  const dicom = describe(reading, identify(reading), input);
  const findings: Finding[] = [];
  // A read failing now (file removed mid-scan) is not evidence of truncation.
  if (await isCutShort(reading, parsed.endsEarly, input).catch(() => false)) findings.push(truncatedFinding(relPath, reading.pixel !== undefined, parsed.reason));
  else if (parsed.damaged || (parsed.partial && !dicom.sopInstanceUid)) {
    findings.push(finding('DICOM_UNREADABLE', relPath, {
      message: 'The DICOM file\'s header is damaged: only part of it could be read.',
      details: { reason: parsed.reason ?? 'partial header' },
    }));
  }
  return { family: 'dicom', dicom, findings };
};
