import type { FileEntry } from '../../model/scan.js';
import type { MarkerReading } from '../../model/markers.js';
import { MARKERS, readUnit } from './names.js';

/** A reading with the document it came from. */
export interface MarkerPoint extends MarkerReading { source: string }

/** Readings of one marker in one unit (or unit of the same quantity) by one method, oldest first. */
export interface MarkerSeries {
  marker: string;
  name: string;
  /** The units the readings were printed in, all the same quantity (`kU/L`, `U/mL`). */
  units: string[];
  method?: string;
  points: MarkerPoint[];
  /** The upper reference limit most readings print, when they print one. */
  upper?: number;
  /** The documents the points come from, in the order of their first point. */
  sources: string[];
}

const NAMES = new Map(MARKERS.map((m) => [m.id, m.name]));

export function markerName(id: string): string {
  return NAMES.get(id) ?? id;
}

/** A value a letter quotes that a lab report in the case already gives (same marker and value, or same day). */
function quotedElsewhere(point: MarkerPoint, lab: readonly MarkerPoint[]): boolean {
  return lab.some((l) => l.marker === point.marker && (l.value === point.value || l.date === point.date));
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/**
 * The case's marker series: readings grouped by marker, unit quantity and method. A value a letter quotes is
 * used only where no lab report gives it. `first`: marker ids that come first (the disease's own marker).
 */
export function markerSeries(files: readonly Pick<FileEntry, 'path' | 'markers'>[], first: readonly string[] = []): MarkerSeries[] {
  const all = files.flatMap((f) => (f.markers ?? []).map((r) => ({ ...r, source: f.path })));
  const lab = all.filter((p) => p.kind === 'lab-report');
  const points = [...lab, ...all.filter((p) => p.kind === 'mention' && !quotedElsewhere(p, lab))];
  const groups = new Map<string, MarkerPoint[]>();
  for (const p of points) {
    const key = `${p.marker}|${readUnit(p.unit)?.group ?? p.unit}|${p.method?.toLowerCase() ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const series = [...groups.values()].map((group): MarkerSeries => {
    const sorted = [...group].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    // One point a day: a lab report's over a letter's, the first printed otherwise.
    const byDay = new Map<string, MarkerPoint>();
    for (const p of sorted) if (!byDay.has(p.date) || (byDay.get(p.date)?.kind === 'mention' && p.kind === 'lab-report')) byDay.set(p.date, p);
    const kept = [...byDay.values()];
    const head = kept[0] as MarkerPoint;
    const upper = mostCommon(kept.flatMap((p) => (p.reference?.upper !== undefined ? [p.reference.upper] : [])));
    return {
      marker: head.marker, name: markerName(head.marker), units: [...new Set(kept.map((p) => p.unit))], points: kept,
      ...(head.method ? { method: head.method } : {}), ...(upper !== undefined ? { upper } : {}), sources: [...new Set(kept.map((p) => p.source))],
    };
  });
  const rank = (s: MarkerSeries): number => { const i = first.indexOf(s.marker); return i === -1 ? first.length : i; };
  const sorted = series.sort((a, b) => rank(a) - rank(b) || b.points.length - a.points.length || a.marker.localeCompare(b.marker));
  // Each marker's longest series first, then the other units or methods: the disease's second marker before a stray unit.
  const main = sorted.filter((s, i) => sorted.findIndex((o) => o.marker === s.marker) === i);
  return [...main, ...sorted.filter((s) => !main.includes(s))];
}

/** Markers with more than one series: each a unit or method that cannot be joined to the others. */
export function seriesThatDiffer(series: readonly MarkerSeries[]): MarkerSeries[][] {
  const byMarker = new Map<string, MarkerSeries[]>();
  for (const s of series) byMarker.set(s.marker, [...(byMarker.get(s.marker) ?? []), s]);
  return [...byMarker.values()].filter((list) => list.length > 1);
}
