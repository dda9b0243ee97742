import { isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';

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
  const offset = yamlOffsetOf(doc, parts, collectionLine);
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * Source offset of the node at `parts` (or of its nearest existing ancestor): a scalar at its value, a
 * collection per `collectionLine`; with `lastAt: 'key'` the last part at its key (an unknown key is named there).
 */
export function yamlOffsetOf(doc: Document, parts: ReadonlyArray<string | number>, collectionLine: CollectionLine = 'key', lastAt: 'key' | 'node' = 'node'): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const [i, part] of parts.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      const keyOffset = rangeStart(pair.key);
      node = pair.value;
      if (lastAt === 'key' && i === parts.length - 1) offset = keyOffset ?? offset;
      else if (!isScalar(node) && collectionLine === 'key') offset = keyOffset ?? offset;
      else offset = rangeStart(node) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}

/**
 * Bounds for the YAML casepack reads (casepack.yaml, checklists): files of a
 * few KB. A "billion laughs" file (each alias repeating the one before) or a
 * deeply nested one must be refused as bad input, not expanded until memory
 * or the stack runs out.
 */
export const YAML_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 64, maxAliasCount: 100 } as const;

/** The YAML is over a limit: the user's file, so the caller reports it as bad input. */
export class YamlLimitError extends Error {
  override name = 'YamlLimitError';
}

/** Parse with the document's errors left to the caller; over a limit throws YamlLimitError. */
export function parseYamlBounded(source: string): { doc: Document; lineCounter: LineCounter } {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) throw new YamlLimitError(`the file is too large for YAML settings (${bytes} bytes, at most ${YAML_LIMITS.maxBytes})`);
  // Whether the parser's recursion overflows on deep flow nesting depends on the stack left to it (a
  // worker's, a test runner's): refuse it before parsing, so the answer is the same everywhere.
  if (flowNestingDepth(source) > YAML_LIMITS.maxDepth) throw new YamlLimitError(`the YAML is nested more than ${YAML_LIMITS.maxDepth} levels deep`);
  const lineCounter = new LineCounter();
  try {
    return { doc: parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
  } catch (err) {
    // The parser recurses per nesting level: a stack overflow here is a hostile file, not a bug.
    throw new YamlLimitError(`the YAML could not be read safely (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The deepest nesting of flow collections (`[`, `{`) outside quoted scalars and comments; stops counting past the limit. */
function flowNestingDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') quote = null;
      continue;
    }
    if (quote === "'") {
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(source[i - 1] ?? ''))) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > YAML_LIMITS.maxDepth) return deepest;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return deepest;
}

/** The document as plain data, refusing deep nesting and alias expansion bombs (YamlLimitError). */
export function yamlToDataBounded(doc: Document): unknown {
  let tooDeep = false;
  visit(doc, (_key, node, path) => {
    if (!isCollection(node)) return undefined;
    // `path` holds every ancestor: collections and the pairs between them.
    const depth = path.filter((p) => isCollection(p)).length;
    if (depth < YAML_LIMITS.maxDepth) return undefined;
    tooDeep = true;
    return visit.BREAK;
  });
  if (tooDeep) throw new YamlLimitError(`the YAML is nested more than ${YAML_LIMITS.maxDepth} levels deep`);
  try {
    return doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new YamlLimitError(`the YAML expands its aliases too many times (more than ${YAML_LIMITS.maxAliasCount}; a "billion laughs" pattern)`);
    }
    if (err instanceof RangeError) throw new YamlLimitError(`the YAML could not be read safely (${err.message})`);
    throw err;
  }
}
