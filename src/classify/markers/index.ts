import type { DateOrder } from '../../casefile/schema.js';
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { ScanResult } from '../../model/scan.js';
import { belongsToAnotherPerson, readableTextOf } from '../../model/scan-values.js';
import { readMarkerValues } from './read.js';
import { markerSeries, seriesThatDiffer } from './series.js';

export { readMarkerValues } from './read.js';
export { markerName, markerSeries, type MarkerPoint, type MarkerSeries } from './series.js';
export { diseaseMarkers } from './names.js';

/** Categories whose text is read for marker values: lab reports as tables, letters and summaries for quoted values. */
const READ_AS: Partial<Record<string, 'lab-report' | 'mention'>> = {
  'lab-results': 'lab-report', 'clinical-summary': 'mention', 'discharge-summary': 'mention', 'treatment-history': 'mention',
};

export interface MarkerContext {
  dateOrder?: DateOrder | undefined;
  today?: Date | undefined;
  /** Text the extraction stage read for files whose probe only located it (an encapsulated PDF's). */
  textOf?: (path: string) => string | undefined;
}

function describe(series: ReturnType<typeof markerSeries>): string {
  return series.map((s) => `${s.units.join(' = ') || 'no unit'}${s.method ? ` (${s.method})` : ''}`).join(' and in ');
}

/**
 * Read tumour-marker values from the classified documents (after classification: the category says how to read,
 * the clinical date dates a report that names no sample date) onto `file.markers`. Returns a finding for each
 * marker whose values come in units or methods that cannot be joined.
 */
export function attachMarkerReadings(scan: ScanResult, context: MarkerContext = {}): Finding[] {
  for (const file of scan.files) {
    const kind = READ_AS[file.classification?.category ?? ''];
    if (!kind || file.classification?.excluded || belongsToAnotherPerson(file)) continue;
    const text = readableTextOf(file) ?? context.textOf?.(file.path);
    if (!text) continue;
    const readings = readMarkerValues(text, { kind, documentDate: file.classification?.date?.date, dateOrder: context.dateOrder, today: context.today });
    if (readings.length > 0) file.markers = readings;
  }
  return seriesThatDiffer(markerSeries(scan.files)).map((list) => {
    const first = list[0];
    const paths = [...new Set(list.flatMap((s) => s.sources))];
    return finding('MARKER_UNITS_DIFFER', paths, { message: `${first?.name ?? 'A tumour marker'} is reported in ${describe(list)}: the values are kept as separate series, not converted or joined.` });
  });
}
