import type { ByteStream, DataSet, Element } from 'dicom-parser';
import { dicomParser, newLittleEndianDataSet } from './dicom-parser.js';

const DIRECTORY_RECORD_SEQUENCE = 'x00041220';
const ITEM = 'xfffee000';
const ITEM_DELIMITER = 'xfffee00d';
const SEQUENCE_DELIMITER = 'xfffee0dd';
const UNDEFINED_LENGTH = 0xffffffff;
/** A DICOMDIR of a whole CD holds tens of thousands of records at most; a bound so a crafted file cannot loop us. */
const MAX_RECORDS = 1_000_000;


/** Where the last element read ends: the element after it starts there. */
function endOfElements(dataSet: DataSet): number {
  let end = 0;
  for (const element of Object.values(dataSet.elements)) end = Math.max(end, element.dataOffset + element.length);
  return end;
}

/** One record of defined or undefined length, or undefined when it does not end inside the sequence. */
function readRecord(stream: ByteStream, buffer: Uint8Array, sequenceEnd: number, length: number): DataSet | undefined {
  const record = newLittleEndianDataSet(buffer, {});
  if (length !== UNDEFINED_LENGTH) {
    const end = stream.position + length;
    if (end > sequenceEnd) return undefined;
    dicomParser().parseDicomDataSetExplicit(record, stream, end);
    return record;
  }
  while (stream.position + 8 <= sequenceEnd) {
    const element = dicomParser().readDicomElementExplicit(stream);
    if (element.tag === ITEM_DELIMITER) return record;
    if (element.dataOffset + element.length > sequenceEnd) return undefined;
    record.elements[element.tag] = element;
  }
  return undefined;
}

/**
 * Read the directory record sequence of a DICOMDIR whose strict parse failed
 * part-way (pydicom's DICOMDIR-nooffset: its last record claims more bytes
 * than the file has). dicom-parser then gives no records at all; dcmdump and
 * pydicom read the records leniently, and so do we: every complete record
 * before the cut is kept. Returns how many records were kept and whether the
 * sequence was cut, or undefined when the failed element is not the record
 * sequence (explicit VR little endian, as PS3.10 requires of a DICOMDIR).
 */
export function readDirectoryRecordsLeniently(buffer: Uint8Array, dataSet: DataSet): { kept: number; cut: boolean } | undefined {
  if (dataSet.elements[DIRECTORY_RECORD_SEQUENCE]) return undefined;
  const start = endOfElements(dataSet);
  if (start <= 0 || start + 12 > buffer.length) return undefined;
  const stream = new (dicomParser().ByteStream)(dicomParser().littleEndianByteArrayParser, buffer, start);
  if (dicomParser().readTag(stream) !== DIRECTORY_RECORD_SEQUENCE || stream.readFixedString(2) !== 'SQ') return undefined;
  stream.seek(2);
  const declared = stream.readUint32();
  const declaredEnd = declared === UNDEFINED_LENGTH ? undefined : stream.position + declared;
  const sequenceEnd = Math.min(declaredEnd ?? buffer.length, buffer.length);
  const element: Element = { tag: DIRECTORY_RECORD_SEQUENCE, vr: 'SQ', dataOffset: stream.position, length: sequenceEnd - stream.position, items: [] };
  let delimited = false;
  for (let count = 0; count < MAX_RECORDS && stream.position + 8 <= sequenceEnd; count++) {
    const itemStart = stream.position;
    const item = dicomParser().readSequenceItem(stream);
    if (item.tag === SEQUENCE_DELIMITER) { delimited = true; break; }
    if (item.tag !== ITEM) break;
    let record: DataSet | undefined;
    try {
      record = readRecord(stream, buffer, sequenceEnd, item.length);
    } catch {
      record = undefined; // A record that cannot be parsed ends the lenient read, as a cut would.
    }
    if (!record) break;
    element.items?.push({ tag: ITEM, length: stream.position - itemStart - 8, dataOffset: itemStart + 8, dataSet: record });
  }
  dataSet.elements[DIRECTORY_RECORD_SEQUENCE] = element;
  const complete = delimited || (declaredEnd !== undefined && stream.position === declaredEnd);
  return { kept: element.items?.length ?? 0, cut: !complete };
}
