import type { DataSet } from 'dicom-parser';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { DicomInfo } from '../../model/scan.js';
import { readAt, type Probe, type ProbeInput, type ProbeOutput } from '../types.js';
import { MEDIA_STORAGE_DIRECTORY, readDirectory } from './dicomdir.js';
import { isCompressedSyntax, kindOf, sopClassName } from './kind.js';
import { ENCAPSULATED_DOCUMENT, parseDicomHeader, PIXEL_DATA, type ParsedDicom } from './parse.js';
import { srText } from './sr.js';
import { intern } from './intern.js';
import { decoderFor, valueReader } from './values.js';

/** Findings name at most this many files; the full count goes in details. */
const MAX_PATHS_IN_FINDING = 20;
const DEFAULT_MAX_TEXT_CHARS = 20_000;

const TAG = {
  transferSyntax: 'x00020010',
  mediaStorageSopClass: 'x00020002',
  characterSet: 'x00080005',
  imageType: 'x00080008',
  sopClass: 'x00080016',
  sopInstance: 'x00080018',
  studyDate: 'x00080020',
  seriesDate: 'x00080021',
  acquisitionDate: 'x00080022',
  contentDate: 'x00080023',
  modality: 'x00080060',
  manufacturer: 'x00080070',
  institution: 'x00080080',
  studyDescription: 'x00081030',
  seriesDescription: 'x0008103e',
  patientName: 'x00100010',
  patientId: 'x00100020',
  issuerOfPatientId: 'x00100021',
  patientBirthDate: 'x00100030',
  bodyPart: 'x00180015',
  studyInstance: 'x0020000d',
  seriesInstance: 'x0020000e',
  seriesNumber: 'x00200011',
  instanceNumber: 'x00200013',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  /** Acquisition DateTime (DT), for enhanced objects that carry no AcquisitionDate. */
  acquisitionDateTime: 'x0008002a',
} as const;

/** The identifying tags of any DICOM object: without any of them the "headless" guess was wrong. */
const IDENTIFYING_TAGS = [TAG.sopClass, TAG.sopInstance, TAG.studyInstance, TAG.seriesInstance, TAG.modality, TAG.mediaStorageSopClass];

function looksLikeDicom(dataSet: DataSet): boolean {
  return IDENTIFYING_TAGS.some((tag) => dataSet.elements[tag] !== undefined);
}

/** The decoder for the data set's declared Specific Character Set (the tag itself is plain ASCII). */
function decoderOf(dataSet: DataSet): ReturnType<typeof decoderFor> {
  return decoderFor(valueReader(dataSet, decoderFor(undefined)).string(TAG.characterSet));
}

/** Every field of DicomInfo the header holds. */
function describe(parsed: ParsedDicom, input: ProbeInput): DicomInfo {
  const { dataSet } = parsed;
  const decode = decoderOf(dataSet);
  const values = valueReader(dataSet, decode);
  const sopClassUid = values.string(TAG.sopClass) ?? values.string(TAG.mediaStorageSopClass);
  const modality = values.string(TAG.modality);
  const pixel = dataSet.elements[PIXEL_DATA];
  const document = dataSet.elements[ENCAPSULATED_DOCUMENT];
  const info: DicomInfo = { hasPreamble: parsed.hasPreamble, kind: kindOf(sopClassUid, modality, pixel !== undefined, document !== undefined) };
  // Named stores, one field at a time in the output's order: a computed key (info[key] = …) past a dozen fields
  // turns the object into a hash table, ~1 KB more for every DICOM file a scan keeps (issue 15, memory flat).
  // The instance UID is one per file: nothing to share; the other values repeat across a CD and are interned.
  if (sopClassUid !== undefined) info.sopClassUid = intern(sopClassUid);
  const className = sopClassName(sopClassUid);
  if (className !== undefined) info.sopClassName = intern(className);
  const sopInstanceUid = values.string(TAG.sopInstance);
  if (sopInstanceUid !== undefined) info.sopInstanceUid = sopInstanceUid;
  const studyInstanceUid = values.string(TAG.studyInstance);
  if (studyInstanceUid !== undefined) info.studyInstanceUid = intern(studyInstanceUid);
  const seriesInstanceUid = values.string(TAG.seriesInstance);
  if (seriesInstanceUid !== undefined) info.seriesInstanceUid = intern(seriesInstanceUid);
  if (modality !== undefined) info.modality = intern(modality);
  const studyDate = values.date(TAG.studyDate);
  if (studyDate !== undefined) info.studyDate = intern(studyDate);
  const seriesDate = values.date(TAG.seriesDate);
  if (seriesDate !== undefined) info.seriesDate = intern(seriesDate);
  const acquisitionDate = values.date(TAG.acquisitionDate) ?? values.date(TAG.acquisitionDateTime);
  if (acquisitionDate !== undefined) info.acquisitionDate = intern(acquisitionDate);
  const contentDate = values.date(TAG.contentDate);
  if (contentDate !== undefined) info.contentDate = intern(contentDate);
  const studyDescription = values.string(TAG.studyDescription);
  if (studyDescription !== undefined) info.studyDescription = intern(studyDescription);
  const seriesDescription = values.string(TAG.seriesDescription);
  if (seriesDescription !== undefined) info.seriesDescription = intern(seriesDescription);
  const seriesNumber = values.int(TAG.seriesNumber);
  if (seriesNumber !== undefined) info.seriesNumber = seriesNumber;
  const instanceNumber = values.int(TAG.instanceNumber);
  if (instanceNumber !== undefined) info.instanceNumber = instanceNumber;
  const bodyPart = values.string(TAG.bodyPart);
  if (bodyPart !== undefined) info.bodyPart = intern(bodyPart);
  const patientName = values.personName(TAG.patientName);
  if (patientName !== undefined) info.patientName = intern(patientName);
  const patientId = values.string(TAG.patientId);
  if (patientId !== undefined) info.patientId = intern(patientId);
  const issuerOfPatientId = values.string(TAG.issuerOfPatientId);
  if (issuerOfPatientId !== undefined) info.issuerOfPatientId = intern(issuerOfPatientId);
  const patientBirthDate = values.date(TAG.patientBirthDate);
  if (patientBirthDate !== undefined) info.patientBirthDate = intern(patientBirthDate);
  const institution = values.string(TAG.institution);
  if (institution !== undefined) info.institution = intern(institution);
  const manufacturer = values.string(TAG.manufacturer);
  if (manufacturer !== undefined) info.manufacturer = intern(manufacturer);
  const transferSyntaxUid = values.string(TAG.transferSyntax) ?? parsed.declaredTransferSyntax;
  if (transferSyntaxUid !== undefined) info.transferSyntaxUid = intern(transferSyntaxUid);
  if (transferSyntaxUid) info.compressed = isCompressedSyntax(transferSyntaxUid);
  const rows = values.uint16(TAG.rows);
  if (rows !== undefined) info.rows = rows;
  const columns = values.uint16(TAG.columns);
  if (columns !== undefined) info.columns = columns;
  const numberOfFrames = values.int(TAG.numberOfFrames);
  if (numberOfFrames !== undefined) info.numberOfFrames = numberOfFrames;
  const imageType = values.strings(TAG.imageType);
  if (imageType.length > 0) info.imageType = intern(imageType.join('\\'));
  if (document && !parsed.deflated && !document.hadUndefinedLength) {
    info.encapsulatedPdf = { offset: document.dataOffset - parsed.shift, length: document.length };
  }
  if (info.kind === 'structured-report' && input.options.extractText !== false) {
    const text = srText(dataSet, decode, input.options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS);
    if (text) info.text = text;
  }
  return info;
}

/**
 * Does the file end before its pixel data (or embedded document) does?
 * Native pixel data has a length to check; encapsulated fragments are walked
 * item by item from the file, a few bytes per fragment.
 */
async function isCutShort(parsed: ParsedDicom, input: ProbeInput): Promise<boolean> {
  if (parsed.endsEarly) return true;
  if (parsed.deflated) return false;
  const { dataSet, shift } = parsed;
  const document = dataSet.elements[ENCAPSULATED_DOCUMENT];
  if (document && !document.hadUndefinedLength && document.dataOffset - shift + document.length > input.size) return true;
  const pixel = dataSet.elements[PIXEL_DATA];
  if (!pixel) return false;
  const start = pixel.dataOffset - shift;
  if (!pixel.hadUndefinedLength) return start + pixel.length > input.size;
  return !(await fragmentsComplete(input, start));
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

function truncatedFinding(relPath: string, parsed: ParsedDicom): Finding {
  const pixels = parsed.dataSet.elements[PIXEL_DATA] !== undefined;
  return finding('DICOM_TRUNCATED', relPath, pixels ? {} : {
    message: 'The DICOM file is cut short: it ends in the middle of its header or document.',
    ...(parsed.reason ? { details: { reason: parsed.reason } } : {}),
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

/** Header-only DICOM probe: never reads pixel data, never throws. */
export const probeDicom: Probe = async (input) => {
  const { relPath } = input;
  let result;
  try {
    result = await parseDicomHeader(input);
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

  const dicom = describe(parsed, input);
  const findings: Finding[] = [];
  // A read failing now (file removed mid-scan) is not evidence of truncation.
  if (await isCutShort(parsed, input).catch(() => false)) findings.push(truncatedFinding(relPath, parsed));
  else if (parsed.damaged || (parsed.partial && !dicom.sopInstanceUid)) {
    findings.push(finding('DICOM_UNREADABLE', relPath, {
      message: 'The DICOM file\'s header is damaged: only part of it could be read.',
      details: { reason: parsed.reason ?? 'partial header' },
    }));
  }
  return { family: 'dicom', dicom, findings };
};
