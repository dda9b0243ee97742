import { isDeepStrictEqual } from 'node:util';
import { Document, isCollection, isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Edits of a YAML file a person wrote, applied twice: to the yaml library's
 * Document (setIn, deleteIn, the YAMLSeq's items), which says what the data
 * becomes, and to the person's own text, so that only the changed lines change.
 * yaml's `Document.toString()` keeps comments but lays the whole file out anew
 * (aligned `# comments` lose their columns, `[a, b]` becomes `[ a, b ]`, a
 * comment on a key's line moves below it); a family's hand-edited casepack.yaml
 * should come back as they wrote it. The text edit is checked against the
 * Document: when they disagree, or the text is shaped in a way the text edit
 * does not handle, the Document's own rendering is used.
 */

export type YamlPath = ReadonlyArray<string | number>;

export type YamlEdit =
  /** Set the value at `path`, creating the maps above it; `undefined` removes the key. */
  | { op: 'set'; path: YamlPath; value: unknown }
  /** Add an item at the end of the sequence at `path` (created when absent). */
  | { op: 'append'; path: YamlPath; value: unknown }
  /** Remove one item; a sequence left empty is removed with its key. */
  | { op: 'delete-item'; path: YamlPath; index: number }
  /** Move one item to the end of its sequence (later entries win), comments and all. */
  | { op: 'move-to-end'; path: YamlPath; index: number };

/** The text edit cannot keep the layout here: the caller renders the Document instead. */
class LayoutUnsupported extends Error {
  override name = 'LayoutUnsupported';
}

export function applyToDocument(doc: Document, edit: YamlEdit): void {
  const path = [...edit.path];
  switch (edit.op) {
    case 'set':
      if (edit.value !== undefined) doc.setIn(path, doc.createNode(edit.value));
      else if (path.length === 1 || isCollection(doc.getIn(path.slice(0, -1), true))) doc.deleteIn(path);
      return;
    case 'append':
      if (isSeq(doc.getIn(path, true))) doc.addIn(path, doc.createNode(edit.value));
      else doc.setIn(path, doc.createNode([edit.value]));
      return;
    case 'delete-item': {
      const seq = doc.getIn(path, true);
      if (!isSeq(seq)) return;
      seq.items.splice(edit.index, 1);
      if (seq.items.length === 0) doc.deleteIn(path);
      return;
    }
    case 'move-to-end': {
      const seq = doc.getIn(path, true);
      if (!isSeq(seq)) return;
      const [item] = seq.items.splice(edit.index, 1);
      if (item !== undefined) seq.items.push(item);
      return;
    }
  }
}

/**
 * `source` with the edits made, laid out as the person laid it out; the
 * `edited` Document (the same edits through `applyToDocument`) is the
 * reference, and its rendering the fallback.
 */
export function editPreservingLayout(source: string, edits: readonly YamlEdit[], edited: Document): string {
  const expected: unknown = edited.toJS();
  try {
    let text = source;
    for (const edit of edits) text = applyToText(text, edit);
    const reread = parseDocument(text, { uniqueKeys: true });
    if (reread.errors.length === 0 && isDeepStrictEqual(reread.toJS(), expected)) return text;
  } catch (err) {
    if (!(err instanceof LayoutUnsupported)) throw err;
  }
  return edited.toString({ lineWidth: 0 });
}

function applyToText(source: string, edit: YamlEdit): string {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const text = new TextEditor(source, eol);
  switch (edit.op) {
    case 'set': return text.set(edit.path, edit.value);
    case 'append': return text.append(edit.path, edit.value);
    case 'delete-item': return text.deleteItem(edit.path, edit.index);
    case 'move-to-end': return text.moveToEnd(edit.path, edit.index);
  }
}

type Range = [number, number, number];

function rangeOf(node: unknown): Range {
  const range = (node as { range?: Range | null } | null)?.range;
  if (!range) throw new LayoutUnsupported('a node without a position');
  return range;
}

const isBlockCollection = (node: unknown): node is YAMLMap | YAMLSeq => isCollection(node) && !node.flow;
const isPlainValue = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** One edit on the current text: every position is read from a fresh parse of it. */
class TextEditor {
  private readonly doc: Document;

  constructor(private readonly src: string, private readonly eol: string) {
    this.doc = parseDocument(src, { uniqueKeys: true });
    if (this.doc.errors.length > 0) throw new LayoutUnsupported('the text does not parse');
  }

  set(path: YamlPath, value: unknown): string {
    const key = path[path.length - 1];
    if (typeof key !== 'string') throw new LayoutUnsupported('a sequence index as the last step');
    const parentPath = path.slice(0, -1);
    const parent = parentPath.length === 0 ? this.doc.contents : this.doc.getIn(parentPath, true);
    if (parent === null || parent === undefined) {
      if (value === undefined) return this.src;
      if (parentPath.length === 0) return this.insertLines(this.src.length, renderPair(key, value, 0));
      return this.set(parentPath, { [key]: value });
    }
    if (!isMap(parent)) throw new LayoutUnsupported('a value in something other than a map');
    if (parent.flow) return this.replaceFlow(parent, setKey(parent.toJSON() as Record<string, unknown>, key, value));
    const index = parent.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
    const pair = parent.items[index];
    if (!pair) {
      if (value === undefined) return this.src;
      const first = parent.items[0];
      if (!first) throw new LayoutUnsupported('an empty block map');
      return this.insertLines(rangeOf(parent)[1], renderPair(key, value, this.column(rangeOf(first.key)[0])));
    }
    const keyStart = rangeOf(pair.key)[0];
    const current = pair.value as Node | null;
    if (value === undefined) {
      const end = current ? this.nodeEnd(current) : this.lineEndAfter(rangeOf(pair.key)[1]);
      if (this.onlySpacesBefore(keyStart)) return this.splice(this.lineStart(keyStart), end, '');
      // The first key of a sequence item (`- path: …`): the next key takes its place after the dash.
      const next = parent.items[index + 1];
      if (index !== 0 || !next) throw new LayoutUnsupported('removing the only key of an item');
      return this.splice(keyStart, rangeOf(next.key)[0], '');
    }
    if (isDeepStrictEqual(current ? current.toJSON() : null, value)) return this.src;
    if (isScalar(current) && isPlainValue(value)) {
      const [start, end] = rangeOf(current);
      const block = this.src.slice(start, end).endsWith('\n');
      return this.splice(start, end, `${renderScalar(value)}${block ? this.eol : ''}`);
    }
    if (isBlockCollection(current) && !isPlainValue(value)) {
      const [start, end] = rangeOf(current);
      return this.splice(this.lineStart(start), end, this.lines(renderBlock(value, this.column(start))));
    }
    if (isCollection(current) && current.flow && !isPlainValue(value)) return this.replaceFlow(current, value);
    if (!this.onlySpacesBefore(keyStart)) throw new LayoutUnsupported('a changed value shape after a dash');
    const end = current ? this.nodeEnd(current) : this.lineEndAfter(rangeOf(pair.key)[1]);
    return this.splice(this.lineStart(keyStart), end, this.lines(renderPair(key, value, this.column(keyStart))));
  }

  append(path: YamlPath, value: unknown): string {
    const seq = this.doc.getIn([...path], true);
    if (seq === undefined || seq === null) return this.set(path, [value]);
    if (!isSeq(seq)) throw new LayoutUnsupported('appending to something other than a sequence');
    if (seq.flow) return this.replaceFlow(seq, [...(seq.toJSON() as unknown[]), value]);
    return this.insertLines(rangeOf(seq)[1], renderBlock([value], this.column(rangeOf(seq)[0])));
  }

  deleteItem(path: YamlPath, index: number): string {
    const seq = this.doc.getIn([...path], true);
    if (!isSeq(seq)) throw new LayoutUnsupported('no sequence there');
    if (seq.items.length <= 1) return this.set(path, undefined);
    if (seq.flow) return this.replaceFlow(seq, (seq.toJSON() as unknown[]).filter((_, i) => i !== index));
    const [start, end] = this.itemLines(seq, index);
    return this.splice(start, end, '');
  }

  moveToEnd(path: YamlPath, index: number): string {
    const seq = this.doc.getIn([...path], true);
    if (!isSeq(seq)) throw new LayoutUnsupported('no sequence there');
    if (index === seq.items.length - 1) return this.src;
    if (seq.flow) {
      const items = seq.toJSON() as unknown[];
      return this.replaceFlow(seq, [...items.filter((_, i) => i !== index), items[index]]);
    }
    const [start, end] = this.itemLines(seq, index);
    const item = this.src.slice(start, end);
    const without = new TextEditor(this.splice(start, end, ''), this.eol);
    const shortened = without.doc.getIn([...path], true);
    if (!isSeq(shortened)) throw new LayoutUnsupported('the sequence is gone');
    return without.insertLines(rangeOf(shortened)[1], item.endsWith('\n') ? item : `${item}${this.eol}`);
  }

  /** From the item's dash line to the end of its last line. */
  private itemLines(seq: YAMLSeq, index: number): [number, number] {
    const item = seq.items[index];
    if (item === undefined || item === null) throw new LayoutUnsupported('an empty item');
    const start = rangeOf(item)[0];
    const lineStart = this.lineStart(start);
    if (!/^[ \t]*-[ \t]*$/.test(this.src.slice(lineStart, start))) throw new LayoutUnsupported('an item not on its own dash line');
    return [lineStart, this.nodeEnd(item as Node)];
  }

  private replaceFlow(node: Node, value: unknown): string {
    const [start, end] = rangeOf(node);
    return this.splice(start, end, new Document(value).toString({ collectionStyle: 'flow', lineWidth: 0 }).trimEnd());
  }

  /** Whole lines in at `at`, which must be a line's start (the end of a file without a final newline gets one). */
  private insertLines(at: number, lines: string): string {
    const text = this.lines(lines);
    if (at === 0 || this.src[at - 1] === '\n') return this.splice(at, at, text);
    if (at === this.src.length) return this.splice(at, at, `${this.eol}${text}`);
    throw new LayoutUnsupported('an insertion point inside a line');
  }

  /** Where a node's text ends, with a comment on its last line and the line break. */
  private nodeEnd(node: Node): number {
    const [, valueEnd, nodeEnd] = rangeOf(node);
    // A block collection's third offset runs on over comments below it that belong to what follows.
    return isBlockCollection(node) ? valueEnd : nodeEnd;
  }

  private lines(text: string): string {
    return this.eol === '\n' ? text : text.replace(/\r?\n/g, this.eol);
  }

  private splice(start: number, end: number, text: string): string {
    return `${this.src.slice(0, start)}${text}${this.src.slice(end)}`;
  }

  private lineStart(pos: number): number {
    return this.src.lastIndexOf('\n', pos - 1) + 1;
  }

  private lineEndAfter(pos: number): number {
    const newline = this.src.indexOf('\n', pos);
    return newline === -1 ? this.src.length : newline + 1;
  }

  private column(pos: number): number {
    return pos - this.lineStart(pos);
  }

  private onlySpacesBefore(pos: number): boolean {
    return this.src.slice(this.lineStart(pos), pos).trim() === '';
  }
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...map };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** One line: a text with line breaks is written double-quoted rather than as an indented block. */
function renderScalar(value: unknown): string {
  if (typeof value === 'string' && /[\r\n]/.test(value)) return JSON.stringify(value);
  return stringify(new Scalar(value), { lineWidth: 0 }).replace(/\n$/, '');
}

function renderPair(key: string, value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const empty = (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  if (isPlainValue(value) || empty) return `${pad}${renderScalar(key)}: ${isPlainValue(value) ? renderScalar(value) : Array.isArray(value) ? '[]' : '{}'}\n`;
  return `${pad}${renderScalar(key)}:\n${renderBlock(value, indent + 2)}`;
}

/** A map or list in block style, every line moved `indent` columns right. */
function renderBlock(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return new Document(value).toString({ lineWidth: 0 }).split('\n').map((line) => (line === '' ? line : `${pad}${line}`)).join('\n');
}
