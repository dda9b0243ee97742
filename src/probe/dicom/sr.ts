import type { DataSet } from 'dicom-parser';
import { valueReader, type ValueReader } from './values.js';

type Decoder = Parameters<typeof valueReader>[1];

const CONTENT_SEQUENCE = 'x0040a730';
const CONCEPT_NAME_CODE_SEQUENCE = 'x0040a043';
const CONCEPT_CODE_SEQUENCE = 'x0040a168';
const MEASURED_VALUE_SEQUENCE = 'x0040a300';
const CODE_MEANING = 'x00080104';
const TEXT_VALUE = 'x0040a160';
const PERSON_NAME = 'x0040a123';
const NUMERIC_VALUE = 'x0040a30a';
const DATE_VALUE = 'x0040a121';

function itemsOf(dataSet: DataSet, tag: string): DataSet[] {
  return (dataSet.elements[tag]?.items ?? []).flatMap((item) => (item.dataSet ? [item.dataSet] : []));
}

function firstCodeMeaning(dataSet: DataSet, tag: string, decode: Decoder): string | undefined {
  const item = itemsOf(dataSet, tag)[0];
  return item ? valueReader(item, decode).string(CODE_MEANING) : undefined;
}

/**
 * The readable content of a Structured Report, in document order: concept
 * names as headings, text, codes, numbers, dates and names as values. Bounded
 * so a huge measurement report cannot balloon memory. Depth is bounded too:
 * a malicious file could nest sequences deeply.
 */
export function srText(root: DataSet, decode: Decoder, maxChars: number): string {
  const parts: string[] = [];
  let length = 0;
  const push = (text: string | undefined): boolean => {
    if (!text || length >= maxChars) return length < maxChars;
    parts.push(text);
    length += text.length + 1;
    return length < maxChars;
  };
  const visit = (dataSet: DataSet, depth: number): boolean => {
    const values: ValueReader = valueReader(dataSet, decode);
    const name = firstCodeMeaning(dataSet, CONCEPT_NAME_CODE_SEQUENCE, decode);
    const measured = itemsOf(dataSet, MEASURED_VALUE_SEQUENCE)[0];
    const value = values.string(TEXT_VALUE)
      ?? firstCodeMeaning(dataSet, CONCEPT_CODE_SEQUENCE, decode)
      ?? values.string(PERSON_NAME)
      ?? values.string(DATE_VALUE)
      ?? (measured ? valueReader(measured, decode).string(NUMERIC_VALUE) : undefined);
    if (!push(name && value ? `${name}: ${value}` : (name ?? value))) return false;
    if (depth >= 32) return true;
    for (const child of itemsOf(dataSet, CONTENT_SEQUENCE)) if (!visit(child, depth + 1)) return false;
    return true;
  };
  visit(root, 0);
  return parts.join('\n').slice(0, maxChars);
}
