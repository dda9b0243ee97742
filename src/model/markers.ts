import { z } from 'zod';

/** ISO calendar date, YYYY-MM-DD (as in scan.ts, repeated to keep this file free of a cycle). */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * One tumour-marker value read from a document's text (classify/markers/): what, how much, in which unit,
 * from which sample date, and where it was printed. Document words: left out of `--json` unless `--include-text`.
 */
export const MarkerReadingSchema = z.object({
  /** Marker id (`ca19-9`, `cea`, `psa`…; classify/markers/names.ts). */
  marker: z.string(),
  value: z.number(),
  /** `<5` or `>1000`: the value is a limit of the assay, not a measurement. */
  qualifier: z.enum(['<', '>']).optional(),
  /** The unit as printed, normalised in spelling (`kU/L`, `U/mL`, `µg/L`); '' when the document gave none. */
  unit: z.string(),
  /** The sample (collection) date; the document's clinical date when the report names no sample date. */
  date: IsoDate,
  dateSource: z.enum(['sample', 'document']),
  /** The printed reference range, e.g. `< 37` or `0 - 37`, with its upper limit when it has one. */
  reference: z.object({ text: z.string(), upper: z.number().optional() }).optional(),
  /** An assay or method the document names for the value (series of different methods are kept apart). */
  method: z.string().optional(),
  /** 1-based page of the document's text the value is on. */
  page: z.number().int().positive(),
  /** `lab-report`: a results table or line; `mention`: a value quoted in a letter or summary. */
  kind: z.enum(['lab-report', 'mention']),
  /** The line the value was read from (trimmed), for a person checking it. */
  evidence: z.string(),
});
export type MarkerReading = z.infer<typeof MarkerReadingSchema>;
