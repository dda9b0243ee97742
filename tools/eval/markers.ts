import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DateOrder } from '../../src/casefile/schema.js';
import { readMarkerValues } from '../../src/classify/markers/read.js';
import type { MarkerReading } from '../../src/model/markers.js';

interface Expected { marker: string; value: number; unit: string; date: string }
interface LabelledDocument { id: string; kind: MarkerReading['kind']; documentDate?: string; dateOrder?: DateOrder; text: string; expected: Expected[] }

export interface MarkerScore {
  set: string;
  documents: number;
  expected: number;
  read: number;
  correct: number;
  precision: number;
  recall: number;
  /** Per document: what was missed and what was read wrongly, for tuning (never printed for the held-out set's texts). */
  misses: { id: string; missed: string[]; wrong: string[] }[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/eval-markers');

/** A reading is right when marker, value, unit and date all are. */
function key(r: { marker: string; value: number; unit: string; date: string }): string {
  return `${r.marker} ${r.value} ${r.unit} ${r.date}`;
}

/** Precision and recall of readings on one labelled set (`tuning` or `heldout`). */
export async function evaluateMarkers(set: 'tuning' | 'heldout'): Promise<MarkerScore> {
  const { documents } = JSON.parse(await readFile(path.join(root, `${set}.json`), 'utf8')) as { documents: LabelledDocument[] };
  let expected = 0; let read = 0; let correct = 0;
  const misses: MarkerScore['misses'] = [];
  for (const doc of documents) {
    const got = readMarkerValues(doc.text, { kind: doc.kind, documentDate: doc.documentDate, dateOrder: doc.dateOrder, today: new Date('2026-01-01T00:00:00Z') });
    const want = new Set(doc.expected.map(key));
    const have = new Set(got.map(key));
    expected += want.size; read += have.size;
    const hit = [...have].filter((k) => want.has(k));
    correct += hit.length;
    const missed = [...want].filter((k) => !have.has(k));
    const wrong = [...have].filter((k) => !want.has(k));
    if (missed.length || wrong.length) misses.push({ id: doc.id, missed, wrong });
  }
  return { set, documents: documents.length, expected, read, correct, precision: read ? correct / read : 1, recall: expected ? correct / expected : 1, misses };
}

export function printMarkerScore(score: MarkerScore, details: boolean): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const head = `${score.set}: ${score.documents} documents, ${score.expected} readings labelled, ${score.read} read, ${score.correct} right (marker, value, unit, date) — precision ${pct(score.precision)}, recall ${pct(score.recall)}`;
  if (!details) return head;
  return [head, ...score.misses.map((m) => `  ${m.id}: missed [${m.missed.join('; ')}] wrong [${m.wrong.join('; ')}]`)].join('\n');
}
