import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/**
 * Where a block map or list value is reported: at its key (`anyOf:`), or at
 * its first entry on the line below. Case-file findings name the key; checklist
 * errors name the first entry (their tests and docs pin both lines).
 */
export type CollectionLine = 'key' | 'first-entry';

/**
 * 1-based line of the node at `parts`, or of its nearest existing ancestor
 * (a missing required field is reported where its parent starts). A scalar
 * value is found on its key's line. One lookup for case-file and checklist
 * errors alike.
 */
export function yamlLineOf(doc: Document, parts: ReadonlyArray<string | number>, lineCounter: LineCounter, collectionLine: CollectionLine = 'key'): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
      if (!isScalar(node) && collectionLine === 'key') offset = rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}
