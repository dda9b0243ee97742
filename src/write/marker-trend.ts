import path from 'node:path';
import { diseaseMarkers, markerSeries, type MarkerPoint } from '../classify/markers/index.js';
import type { IndexInputs } from './index-model.js';
import { formatValue, type TrendSeries } from './marker-chart.js';

/** A marker series for the treatment summary: what the chart draws, and where in the packet each value is printed. */
export interface SummaryTrend extends TrendSeries {
  /** `Labs_2025-10-28.pdf p. 1`: the packet's files and pages the values come from. */
  sources: string[];
}

/** Where each source file is in the packet: the packet file's name and the page its first page becomes. */
function packetPlaces(input: IndexInputs): Map<string, { name: string; firstPage: number }> {
  const places = new Map<string, { name: string; firstPage: number }>();
  for (const [packetPath, sources] of input.merged) {
    let page = 1;
    for (const s of sources) { places.set(s.source, { name: path.posix.basename(packetPath), firstPage: page }); page += s.pages; }
  }
  for (const copy of input.asIs) places.set(copy.source, { name: path.posix.basename(copy.path), firstPage: 1 });
  return places;
}

function sourceLabels(points: readonly MarkerPoint[], places: ReturnType<typeof packetPlaces>): string[] {
  const pages = new Map<string, Set<number>>();
  for (const p of points) {
    const place = places.get(p.source);
    if (!place) continue;
    pages.set(place.name, (pages.get(place.name) ?? new Set()).add(place.firstPage + p.page - 1));
  }
  return [...pages.entries()].map(([name, set]) => `${name} p. ${[...set].sort((a, b) => a - b).join(', ')}`);
}

/** The case's marker trends from the packet's documents, the diagnosis's own marker first. */
export function markerTrendsOf(input: IndexInputs, diagnosis: string | undefined): SummaryTrend[] {
  const places = packetPlaces(input);
  const inPacket = input.scan.files.filter((f) => f.markers && places.has(f.path));
  const all = markerSeries(inPacket, diseaseMarkers(diagnosis));
  return all.map((s) => ({
    // A second series of one marker (another unit or method) says so wherever it is named.
    name: all.find((o) => o.marker === s.marker) === s ? s.name : `${s.name} (separate series: another unit or method)`,
    unit: s.units.join(' = '),
    ...(s.method ? { method: s.method } : {}),
    ...(s.upper !== undefined ? { upper: s.upper } : {}),
    points: s.points.map((p) => ({ date: p.date, value: p.value, ...(p.qualifier ? { qualifier: p.qualifier } : {}), quoted: p.kind === 'mention' })),
    sources: sourceLabels(s.points, places),
  }));
}

/** The line under a chart: every value with its date, then where they are printed. */
export function trendSourceLine(trend: SummaryTrend, shortDate: (date: string) => string): string {
  const values = trend.points.map((p) => `${shortDate(p.date)} ${formatValue(p.value, p.qualifier)}${p.quoted ? '*' : ''}`).join('; ');
  const quoted = trend.points.some((p) => p.quoted) ? ' (* quoted in a letter, not a laboratory report: open symbol)' : '';
  return `${trend.name}${trend.unit ? `, ${trend.unit}` : ''}: ${values}${quoted}. From ${trend.sources.join('; ')}.`;
}
