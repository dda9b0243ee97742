import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { encodeDicomText } from './dicom-charset.js';

/**
 * A small, deterministic DICOM Part-10 writer for tests, benchmarks and the
 * demo case. It writes exactly what it is told (including deliberately broken
 * files: no preamble, no file meta, truncated pixel data), never reads
 * anything, and produces identical bytes for identical options.
 */

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  rle: '1.2.840.10008.1.2.5',
} as const;

export const SOP_CLASS = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  pet: '1.2.840.10008.5.1.4.1.1.128',
  us: '1.2.840.10008.5.1.4.1.1.6.1',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  enhancedSr: '1.2.840.10008.5.1.4.1.1.88.22',
  rtPlan: '1.2.840.10008.5.1.4.1.1.481.5',
  rtStruct: '1.2.840.10008.5.1.4.1.1.481.3',
  rtDose: '1.2.840.10008.5.1.4.1.1.481.2',
  grayscalePresentationState: '1.2.840.10008.5.1.4.1.1.11.1',
  wholeSlideMicroscopy: '1.2.840.10008.5.1.4.1.1.77.1.6',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  ecgWaveform: '1.2.840.10008.5.1.4.1.1.9.1.1',
  mediaStorageDirectory: '1.2.840.10008.1.3.10',
} as const;

const IMPLEMENTATION_CLASS_UID = '2.25.229166329616498815370465405232171093731';
const IMPLEMENTATION_VERSION = 'CASEPACK_SYNTH';

/** A UID derived from a seed, so fixtures are reproducible (2.25 = UUID-derived integer arc). */
export function uidFor(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 15).toString('hex')}`).toString(10)}`;
}

export type TransferSyntaxOption = 'explicit-le' | 'implicit-le' | 'explicit-be' | 'deflate' | (string & {});

export interface SrTextItem {
  /** Code meaning of the concept name, e.g. "Findings". */
  concept: string;
  text: string;
}

export interface ExtraElement {
  /** (group << 16) | element, e.g. 0x00091010 for a private tag. */
  tag: number;
  vr: string;
  value: string | number | Buffer;
}

export interface DicomWriteOptions {
  /** 128-byte preamble and `DICM` (default true). */
  preamble?: boolean;
  /** File meta information group 0002 (default true). */
  fileMeta?: boolean;
  /** Named shorthand or any transfer syntax UID (compressed UIDs get encapsulated pixel data). Default explicit-le. */
  transferSyntax?: TransferSyntaxOption;
  sopClassUid?: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  modality?: string;
  /** Dates as DICOM DA (`YYYYMMDD`). */
  studyDate?: string;
  seriesDate?: string;
  acquisitionDate?: string;
  contentDate?: string;
  studyTime?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  bodyPart?: string;
  patientName?: string;
  patientId?: string;
  patientBirthDate?: string;
  institution?: string;
  manufacturer?: string;
  imageType?: string;
  specificCharacterSet?: string;
  rows?: number;
  columns?: number;
  bitsAllocated?: number;
  numberOfFrames?: number;
  /** Real pixel bytes, or a length to fill with zeros (bench: 512*512*2). Omit for no pixel data. */
  pixelData?: Buffer | { length: number };
  /** Cut this many bytes off the end of the finished file (a copy that stopped early). */
  truncateBytes?: number;
  /** Embed this PDF as an Encapsulated PDF object (sets SOP class and modality DOC unless given). */
  encapsulatedPdf?: Buffer;
  /** Structured Report text content (sets Basic Text SR and modality SR unless given). */
  srText?: SrTextItem[];
  /** Anything else, e.g. private tags. Written in tag order with the rest. */
  extraElements?: ExtraElement[];
  /** The 128 preamble bytes (default zeros), e.g. a TIFF header for a dual TIFF/DICOM file (PS3.10 7.5). */
  preambleBytes?: Buffer;
  /**
   * Sequences written as VR UN with undefined length, their items in implicit
   * VR little endian whatever the data set's encoding (PS3.5 6.2.2, CP-246):
   * what a converter writes for a sequence it has no dictionary entry for.
   */
  unknownSequences?: { tag: number; items: ExtraElement[][] }[];
}

type Endian = 'little' | 'big';

interface Element {
  tag: number;
  vr: string;
  /** Raw value bytes, or the items of a sequence. */
  value: Buffer | Element[][];
  /** Pixel data in a compressed transfer syntax: undefined length with fragments. */
  encapsulated?: boolean;
  /** A UN sequence: `value` holds its implicit little-endian items and delimiter, written after an undefined length. */
  unknownSequence?: boolean;
}

interface Encoding {
  explicit: boolean;
  endian: Endian;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);

function resolveTransferSyntax(option: TransferSyntaxOption | undefined): string {
  switch (option ?? 'explicit-le') {
    case 'explicit-le': return TRANSFER_SYNTAX.explicitLittle;
    case 'implicit-le': return TRANSFER_SYNTAX.implicitLittle;
    case 'explicit-be': return TRANSFER_SYNTAX.explicitBig;
    case 'deflate': return TRANSFER_SYNTAX.deflatedExplicitLittle;
    default: return option as string;
  }
}

function isNativeSyntax(uid: string): boolean {
  return uid === TRANSFER_SYNTAX.implicitLittle || uid === TRANSFER_SYNTAX.explicitLittle
    || uid === TRANSFER_SYNTAX.explicitBig || uid === TRANSFER_SYNTAX.deflatedExplicitLittle;
}

function encodingOf(uid: string): Encoding {
  if (uid === TRANSFER_SYNTAX.implicitLittle) return { explicit: false, endian: 'little' };
  if (uid === TRANSFER_SYNTAX.explicitBig) return { explicit: true, endian: 'big' };
  return { explicit: true, endian: 'little' };
}

/** Text VRs pad with a space, UIDs and binary with NUL: DICOM values have even length. */
function padEven(bytes: Buffer, vr: string): Buffer {
  if (bytes.length % 2 === 0) return bytes;
  const pad = vr === 'UI' || vr.startsWith('O') || vr === 'UN' ? 0x00 : 0x20;
  return Buffer.concat([bytes, Buffer.from([pad])]);
}

function numberValue(vr: string, value: number, endian: Endian): Buffer {
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const out = Buffer.alloc(size);
  const little = endian === 'little';
  if (vr === 'US') { if (little) out.writeUInt16LE(value); else out.writeUInt16BE(value); }
  else if (vr === 'SS') { if (little) out.writeInt16LE(value); else out.writeInt16BE(value); }
  else if (vr === 'UL') { if (little) out.writeUInt32LE(value); else out.writeUInt32BE(value); }
  else if (vr === 'SL') { if (little) out.writeInt32LE(value); else out.writeInt32BE(value); }
  else if (vr === 'FL') { if (little) out.writeFloatLE(value); else out.writeFloatBE(value); }
  else if (vr === 'FD') { if (little) out.writeDoubleLE(value); else out.writeDoubleBE(value); }
  else throw new Error(`numberValue: unsupported VR ${vr}`);
  return out;
}

/** Text VRs whose bytes follow Specific Character Set; the others are always ASCII. */
const CHARSET_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

/** `charset`: the Specific Character Set the text VRs are written in (none: Latin-1 bytes, the old default). */
function element(tag: number, vr: string, value: string | number | Buffer, endian: Endian = 'little', charset?: string): Element {
  if (Buffer.isBuffer(value)) return { tag, vr, value: padEven(value, vr) };
  if (typeof value === 'number' && !['IS', 'DS'].includes(vr)) return { tag, vr, value: numberValue(vr, value, endian) };
  const bytes = charset && CHARSET_VRS.has(vr) ? encodeDicomText(String(value), charset, vr === 'PN') : Buffer.from(String(value), 'latin1');
  return { tag, vr, value: padEven(bytes, vr) };
}

function sequence(tag: number, items: Element[][]): Element {
  return { tag, vr: 'SQ', value: items };
}

function writeTag(tag: number, endian: Endian): Buffer {
  const out = Buffer.alloc(4);
  if (endian === 'little') { out.writeUInt16LE(tag >>> 16, 0); out.writeUInt16LE(tag & 0xffff, 2); }
  else { out.writeUInt16BE(tag >>> 16, 0); out.writeUInt16BE(tag & 0xffff, 2); }
  return out;
}

function writeU32(value: number, endian: Endian): Buffer {
  const out = Buffer.alloc(4);
  if (endian === 'little') out.writeUInt32LE(value >>> 0); else out.writeUInt32BE(value >>> 0);
  return out;
}

function header(tag: number, vr: string, length: number, encoding: Encoding): Buffer {
  const { explicit, endian } = encoding;
  if (!explicit) return Buffer.concat([writeTag(tag, endian), writeU32(length, endian)]);
  if (LONG_VRS.has(vr)) {
    return Buffer.concat([writeTag(tag, endian), Buffer.from(vr, 'latin1'), Buffer.alloc(2), writeU32(length, endian)]);
  }
  const len = Buffer.alloc(2);
  if (endian === 'little') len.writeUInt16LE(length); else len.writeUInt16BE(length);
  return Buffer.concat([writeTag(tag, endian), Buffer.from(vr, 'latin1'), len]);
}

const ITEM = 0xfffee000;
const SEQUENCE_DELIMITER = 0xfffee0dd;

/** Items are written with defined lengths, so directory record offsets can be computed. */
function encodeItem(item: Element[], encoding: Encoding): Buffer {
  const body = encodeElements(item, encoding);
  return Buffer.concat([writeTag(ITEM, encoding.endian), writeU32(body.length, encoding.endian), body]);
}

function encodeElement(el: Element, encoding: Encoding): Buffer {
  if (Array.isArray(el.value)) {
    const body = Buffer.concat(el.value.map((item) => encodeItem(item, encoding)));
    return Buffer.concat([header(el.tag, 'SQ', body.length, encoding), body]);
  }
  if (el.unknownSequence && Buffer.isBuffer(el.value)) return Buffer.concat([header(el.tag, 'UN', 0xffffffff, encoding), el.value]);
  if (el.encapsulated) {
    // Empty basic offset table, one fragment, sequence delimiter (PS3.5 A.4).
    const { endian } = encoding;
    return Buffer.concat([
      header(el.tag, el.vr, 0xffffffff, { explicit: encoding.explicit, endian }),
      writeTag(ITEM, endian), writeU32(0, endian),
      writeTag(ITEM, endian), writeU32(el.value.length, endian), el.value,
      writeTag(SEQUENCE_DELIMITER, endian), writeU32(0, endian),
    ]);
  }
  return Buffer.concat([header(el.tag, el.vr, el.value.length, encoding), el.value]);
}

function encodeElements(elements: Element[], encoding: Encoding): Buffer {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return Buffer.concat(sorted.map((el) => encodeElement(el, encoding)));
}

function fileMetaGroup(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Buffer {
  const le: Encoding = { explicit: true, endian: 'little' };
  const body = encodeElements([
    element(0x00020001, 'OB', Buffer.from([0x00, 0x01])),
    element(0x00020002, 'UI', sopClassUid),
    element(0x00020003, 'UI', sopInstanceUid),
    element(0x00020010, 'UI', transferSyntaxUid),
    element(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
    element(0x00020013, 'SH', IMPLEMENTATION_VERSION),
  ], le);
  return Buffer.concat([encodeElement(element(0x00020000, 'UL', body.length), le), body]);
}

function codeItem(value: string, meaning: string, endian: Endian): Element[] {
  return [
    element(0x00080100, 'SH', value, endian),
    element(0x00080102, 'SH', 'DCM', endian),
    element(0x00080104, 'LO', meaning, endian),
  ];
}

function srContent(items: SrTextItem[], endian: Endian): Element[] {
  return [
    element(0x0040a040, 'CS', 'CONTAINER', endian),
    sequence(0x0040a043, [codeItem('18748-4', 'Diagnostic Imaging Report', endian)]),
    element(0x0040a050, 'CS', 'SEPARATE', endian),
    sequence(0x0040a730, items.map((item, index) => [
      element(0x0040a010, 'CS', 'CONTAINS', endian),
      element(0x0040a040, 'CS', 'TEXT', endian),
      sequence(0x0040a043, [codeItem(`TXT${index + 1}`, item.concept, endian)]),
      element(0x0040a160, 'UT', item.text, endian),
    ])),
  ];
}

/** Items and the sequence delimiter in implicit VR little endian, with undefined-length items (as converters write them). */
function unknownSequence(tag: number, items: ExtraElement[][]): Element {
  const implicit: Encoding = { explicit: false, endian: 'little' };
  const ITEM_DELIMITER = 0xfffee00d;
  const body = items.map((item) => Buffer.concat([
    writeTag(ITEM, 'little'), writeU32(0xffffffff, 'little'),
    encodeElements(item.map((extra) => element(extra.tag, extra.vr, extra.value)), implicit),
    writeTag(ITEM_DELIMITER, 'little'), writeU32(0, 'little'),
  ]));
  return { tag, vr: 'UN', value: Buffer.concat([...body, writeTag(SEQUENCE_DELIMITER, 'little'), writeU32(0, 'little')]), unknownSequence: true };
}

function frame(options: {
  preambleBytes?: Buffer | undefined;
  preamble: boolean;
  fileMeta: boolean;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  dataset: Buffer;
}): Buffer {
  const parts: Buffer[] = [];
  if (options.preamble) {
    const preamble = Buffer.alloc(128);
    options.preambleBytes?.copy(preamble, 0, 0, 128);
    parts.push(preamble, Buffer.from('DICM', 'latin1'));
  }
  if (options.fileMeta) parts.push(fileMetaGroup(options.sopClassUid, options.sopInstanceUid, options.transferSyntaxUid));
  parts.push(options.dataset);
  return Buffer.concat(parts);
}

/** Write one DICOM object as a Part-10 file (or deliberately less, as the options say). */
export function writeDicom(options: DicomWriteOptions = {}): Buffer {
  const transferSyntaxUid = resolveTransferSyntax(options.transferSyntax);
  const encoding = encodingOf(transferSyntaxUid);
  const { endian } = encoding;
  const sopClassUid = options.sopClassUid
    ?? (options.encapsulatedPdf ? SOP_CLASS.encapsulatedPdf : options.srText ? SOP_CLASS.basicTextSr : SOP_CLASS.ct);
  const modality = options.modality ?? (options.encapsulatedPdf ? 'DOC' : options.srText ? 'SR' : 'CT');
  const sopInstanceUid = options.sopInstanceUid ?? uidFor(`sop:${JSON.stringify({ ...options, pixelData: undefined, encapsulatedPdf: undefined })}`);
  const studyInstanceUid = options.studyInstanceUid ?? uidFor('study:default');
  const seriesInstanceUid = options.seriesInstanceUid ?? uidFor(`series:${studyInstanceUid}:${modality}`);

  const els: Element[] = [];
  // Text VRs in the declared character set, escape sequences and all (dicom-charset.ts); without one, Latin-1.
  const charset = options.specificCharacterSet;
  const text = (tag: number, vr: string, value: string | number | undefined): void => {
    if (value !== undefined) els.push(element(tag, vr, value, endian, charset));
  };
  text(0x00080005, 'CS', options.specificCharacterSet);
  text(0x00080008, 'CS', options.imageType);
  text(0x00080016, 'UI', sopClassUid);
  text(0x00080018, 'UI', sopInstanceUid);
  text(0x00080020, 'DA', options.studyDate);
  text(0x00080021, 'DA', options.seriesDate);
  text(0x00080022, 'DA', options.acquisitionDate);
  text(0x00080023, 'DA', options.contentDate);
  text(0x00080030, 'TM', options.studyTime);
  text(0x00080060, 'CS', modality);
  text(0x00080070, 'LO', options.manufacturer);
  text(0x00080080, 'LO', options.institution);
  text(0x00081030, 'LO', options.studyDescription);
  text(0x0008103e, 'LO', options.seriesDescription);
  text(0x00100010, 'PN', options.patientName);
  text(0x00100020, 'LO', options.patientId);
  text(0x00100030, 'DA', options.patientBirthDate);
  text(0x00180015, 'CS', options.bodyPart);
  text(0x0020000d, 'UI', studyInstanceUid);
  text(0x0020000e, 'UI', seriesInstanceUid);
  text(0x00200011, 'IS', options.seriesNumber);
  text(0x00200013, 'IS', options.instanceNumber);
  text(0x00280008, 'IS', options.numberOfFrames);

  const bitsAllocated = options.bitsAllocated ?? 16;
  if (options.rows !== undefined || options.columns !== undefined || options.pixelData) {
    text(0x00280002, 'US', 1);
    text(0x00280004, 'CS', 'MONOCHROME2');
    text(0x00280010, 'US', options.rows ?? 0);
    text(0x00280011, 'US', options.columns ?? 0);
    text(0x00280100, 'US', bitsAllocated);
    text(0x00280101, 'US', bitsAllocated === 16 ? 12 : bitsAllocated);
    text(0x00280102, 'US', bitsAllocated === 16 ? 11 : bitsAllocated - 1);
    text(0x00280103, 'US', 0);
  }
  if (options.encapsulatedPdf) {
    text(0x00280301, 'CS', 'YES');
    text(0x00420010, 'ST', 'Report');
    els.push(element(0x00420011, 'OB', options.encapsulatedPdf));
    text(0x00420012, 'LO', 'application/pdf');
  }
  if (options.srText) els.push(...srContent(options.srText, endian));
  for (const extra of options.extraElements ?? []) els.push(element(extra.tag, extra.vr, extra.value, endian));
  for (const unknown of options.unknownSequences ?? []) els.push(unknownSequence(unknown.tag, unknown.items));
  if (options.pixelData) {
    const bytes = Buffer.isBuffer(options.pixelData) ? options.pixelData : Buffer.alloc(options.pixelData.length);
    const vr = bitsAllocated > 8 ? 'OW' : 'OB';
    els.push({ ...element(0x7fe00010, isNativeSyntax(transferSyntaxUid) ? vr : 'OB', bytes), encapsulated: !isNativeSyntax(transferSyntaxUid) });
  }

  let dataset = encodeElements(els, encoding);
  if (transferSyntaxUid === TRANSFER_SYNTAX.deflatedExplicitLittle) dataset = deflateRawSync(dataset, { level: 6 });
  const file = frame({
    preamble: options.preamble ?? true,
    preambleBytes: options.preambleBytes,
    fileMeta: options.fileMeta ?? true,
    sopClassUid,
    sopInstanceUid,
    transferSyntaxUid,
    dataset,
  });
  const cut = Math.max(0, Math.min(options.truncateBytes ?? 0, file.length));
  return cut > 0 ? file.subarray(0, file.length - cut) : file;
}

export interface DicomdirEntry {
  /** Path relative to the DICOMDIR's folder, `/`-separated (written as `\`-separated components). */
  fileId: string;
  patientName?: string;
  patientId?: string;
  studyInstanceUid?: string;
  studyDate?: string;
  studyDescription?: string;
  /** Defaults to one series per folder. */
  seriesInstanceUid?: string;
  modality?: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
}

export interface DicomdirOptions {
  fileSetId?: string;
  entries: DicomdirEntry[];
}

interface DirRecord {
  type: 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
  fields: Element[];
  children: DirRecord[];
}

/** Group entries into a PATIENT > STUDY > SERIES > IMAGE tree, in first-seen order. */
function directoryTree(entries: DicomdirEntry[]): DirRecord[] {
  const patients = new Map<string, DirRecord>();
  const studies = new Map<string, DirRecord>();
  const series = new Map<string, DirRecord>();
  const child = (map: Map<string, DirRecord>, parent: DirRecord[] , key: string, make: () => DirRecord): DirRecord => {
    let record = map.get(key);
    if (!record) { record = make(); map.set(key, record); parent.push(record); }
    return record;
  };
  const roots: DirRecord[] = [];
  for (const entry of entries) {
    const patientKey = `${entry.patientId ?? 'ID0001'}|${entry.patientName ?? ''}`;
    const patient = child(patients, roots, patientKey, () => ({
      type: 'PATIENT', children: [],
      fields: [element(0x00100010, 'PN', entry.patientName ?? ''), element(0x00100020, 'LO', entry.patientId ?? 'ID0001')],
    }));
    const studyUid = entry.studyInstanceUid ?? uidFor('study:default');
    const study = child(studies, patient.children, `${patientKey}|${studyUid}`, () => ({
      type: 'STUDY', children: [],
      fields: [
        element(0x00080020, 'DA', entry.studyDate ?? ''),
        element(0x00080030, 'TM', ''),
        element(0x00080050, 'SH', ''),
        element(0x00081030, 'LO', entry.studyDescription ?? ''),
        element(0x0020000d, 'UI', studyUid),
        element(0x00200010, 'SH', ''),
      ],
    }));
    const folder = entry.fileId.split('/').slice(0, -1).join('/');
    const seriesUid = entry.seriesInstanceUid ?? uidFor(`series:${studyUid}:${folder}`);
    const seriesRecord = child(series, study.children, `${studyUid}|${seriesUid}`, () => ({
      type: 'SERIES', children: [],
      fields: [element(0x00080060, 'CS', entry.modality ?? 'CT'), element(0x0020000e, 'UI', seriesUid), element(0x00200011, 'IS', series.size + 1)],
    }));
    seriesRecord.children.push({
      type: 'IMAGE', children: [],
      fields: [
        element(0x00041500, 'CS', entry.fileId.split('/').join('\\')),
        element(0x00041510, 'UI', entry.sopClassUid ?? SOP_CLASS.ct),
        element(0x00041511, 'UI', entry.sopInstanceUid ?? uidFor(`sop:${entry.fileId}`)),
        element(0x00041512, 'UI', TRANSFER_SYNTAX.explicitLittle),
        element(0x00200013, 'IS', seriesRecord.children.length + 1),
      ],
    });
  }
  return roots;
}

/** Depth-first order, the order records are stored in the directory sequence. */
function flatten(records: DirRecord[]): DirRecord[] {
  return records.flatMap((record) => [record, ...flatten(record.children)]);
}

function recordItem(record: DirRecord, next: number, lower: number): Element[] {
  return [
    element(0x00041400, 'UL', next),
    element(0x00041410, 'US', 0xffff),
    element(0x00041420, 'UL', lower),
    element(0x00041430, 'CS', record.type),
    ...record.fields,
  ];
}

/**
 * Write a DICOMDIR (Media Storage Directory) referencing the given file IDs,
 * with directory record offsets computed so strict readers can follow them.
 */
export function writeDicomdir(options: DicomdirOptions): Buffer {
  const le: Encoding = { explicit: true, endian: 'little' };
  const roots = directoryTree(options.entries);
  const records = flatten(roots);
  const sopInstanceUid = uidFor(`dicomdir:${options.fileSetId ?? ''}:${options.entries.map((e) => e.fileId).join(',')}`);

  // Every item has a fixed size whatever the offset values (UL fields), so a
  // first pass with zero offsets gives each record's position.
  const build = (offsets: Map<DirRecord, number>, firstRoot: number, lastRoot: number): Buffer => {
    const nextOf = new Map<DirRecord, number>();
    const link = (siblings: DirRecord[]): void => {
      siblings.forEach((record, index) => {
        const sibling = siblings[index + 1];
        nextOf.set(record, sibling ? (offsets.get(sibling) ?? 0) : 0);
        link(record.children);
      });
    };
    link(roots);
    const items = records.map((record) => {
      const firstChild = record.children[0];
      return recordItem(record, nextOf.get(record) ?? 0, firstChild ? (offsets.get(firstChild) ?? 0) : 0);
    });
    return encodeElements([
      element(0x00041130, 'CS', options.fileSetId ?? 'CASEPACK'),
      element(0x00041200, 'UL', firstRoot),
      element(0x00041202, 'UL', lastRoot),
      element(0x00041212, 'US', 0),
      sequence(0x00041220, items),
    ], le);
  };

  const prefix = 128 + 4 + fileMetaGroup(SOP_CLASS.mediaStorageDirectory, sopInstanceUid, TRANSFER_SYNTAX.explicitLittle).length;
  const firstPass = build(new Map(), 0, 0);
  // Offsets count from the first byte of the file (PS3.10 7.3.1): find where the items start.
  const sequenceHeaderEnd = firstPass.length - records.reduce((sum, record) => sum + encodeItem(recordItem(record, 0, 0), le).length, 0);
  const offsets = new Map<DirRecord, number>();
  let position = prefix + sequenceHeaderEnd;
  for (const record of records) {
    offsets.set(record, position);
    position += encodeItem(recordItem(record, 0, 0), le).length;
  }
  const firstRoot = roots[0] ? (offsets.get(roots[0]) ?? 0) : 0;
  const lastRootRecord = roots[roots.length - 1];
  const lastRoot = lastRootRecord ? (offsets.get(lastRootRecord) ?? 0) : 0;
  return frame({
    preamble: true,
    fileMeta: true,
    sopClassUid: SOP_CLASS.mediaStorageDirectory,
    sopInstanceUid,
    transferSyntaxUid: TRANSFER_SYNTAX.explicitLittle,
    dataset: build(offsets, firstRoot, lastRoot),
  });
}
