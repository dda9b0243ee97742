import { z } from 'zod';
import { CategoryIdSchema } from '../model/categories.js';
import { IsoDateSchema, RedactedSchema } from '../model/scan.js';

export const PLAN_SCHEMA_VERSION = 1;

/** One source document inside a merged PDF: one bookmark each. */
export const MergeSourceSchema = z.object({
  /** Case-relative path of the source. */
  source: z.string(),
  kind: z.enum(['pdf', 'image']),
  bookmark: z.string(),
  date: IsoDateSchema.nullable(),
  /** First date of a series of values (labs), when it differs from `date`. */
  start: IsoDateSchema.optional(),
  /** The file's own date (metadata or name) when the document gave none: shown as "date unknown (file dated …)", never as `date`. */
  fileDated: IsoDateSchema.optional(),
  title: z.string(),
  /** Pages known from the scan (null when unknown, e.g. a photo becomes one page). */
  pages: z.number().nullable(),
  size: z.number(),
  /** Where the source is copied as it is if it cannot be merged at write time ('' when it is already packed elsewhere, e.g. as DICOM). */
  fallbackPath: z.string(),
  /** The PDF inside a DICOM Encapsulated PDF object: its byte range in the source file. */
  range: z.object({ offset: z.number(), length: z.number() }).optional(),
});
export type MergeSource = z.infer<typeof MergeSourceSchema>;

const EntryBase = {
  /** Path inside the packet, POSIX separators, portable characters only. */
  path: z.string(),
  category: CategoryIdSchema.nullable(),
  /** Clinical date of the entry (the latest, for a range), or null when undated. */
  date: IsoDateSchema.nullable(),
  /** STORE (no compression) for data that is already compressed. */
  store: z.boolean(),
};

export const MergedPdfEntrySchema = z.object({
  ...EntryBase,
  kind: z.literal('merged-pdf'),
  /** Earliest date of the range, when the sources span more than one day. */
  start: IsoDateSchema.nullable(),
  /** 1-based part number when the group was split by the size cap. */
  part: z.number().nullable(),
  sources: z.array(MergeSourceSchema).min(1),
});
export type MergedPdfEntry = z.infer<typeof MergedPdfEntrySchema>;

export const CopyEntrySchema = z.object({
  ...EntryBase,
  kind: z.literal('copy'),
  source: z.string(),
  size: z.number(),
  /** Why the file is copied rather than merged. */
  /** `problem`: a problem file packed under Problems/ because the person asked (`--include-problem-files`). */
  role: z.enum(['dicom', 'slide', 'slide-data', 'picture', 'pdf-as-is', 'other', 'problem']),
  /** Imaging study / series the file belongs to (DICOM). */
  study: z.string().optional(),
  series: z.string().optional(),
});
export type CopyEntry = z.infer<typeof CopyEntrySchema>;

export const GeneratedEntrySchema = z.object({
  ...EntryBase,
  kind: z.literal('generated'),
  generator: z.enum(['cover-letter-pdf', 'treatment-summary-pdf', 'index-pdf', 'report-html', 'report-markdown', 'manifest-json', 'manifest-sha256']),
});
export type GeneratedEntry = z.infer<typeof GeneratedEntrySchema>;

export const PlanEntrySchema = z.discriminatedUnion('kind', [MergedPdfEntrySchema, CopyEntrySchema, GeneratedEntrySchema]);
export type PlanEntry = z.infer<typeof PlanEntrySchema>;

/** One imaging study as the packet lays it out (for the index timeline). */
export const PlannedStudySchema = z.object({
  studyInstanceUid: z.string(),
  folder: z.string(),
  modality: z.string(),
  date: IsoDateSchema.nullable(),
  description: z.string().optional(),
  category: CategoryIdSchema,
  series: z.array(z.object({ folder: z.string(), description: z.string().optional(), images: z.number() })),
});
export type PlannedStudy = z.infer<typeof PlannedStudySchema>;

export const LeftOutSchema = z.object({
  source: z.string(),
  /** `duplicate`: byte-identical to a packed file; `same-image-other-encoding`: same SOP Instance UID, different bytes, a higher-fidelity copy is packed; `other-person`: names someone other than the case's patient. */
  reason: z.enum(['excluded', 'duplicate', 'same-image-other-encoding', 'problem-file', 'dicomdir', 'case-file', 'unpacked-archive', 'other-person']),
  detail: z.string().optional(),
  /** `problem-file`: the codes of the findings that make it one. */
  codes: z.array(z.string()).optional(),
});
export type LeftOut = z.infer<typeof LeftOutSchema>;

export const PacketPlanSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  case: z.string(),
  /** In ZIP order: the index first, the manifests last. */
  entries: z.array(PlanEntrySchema),
  studies: z.array(PlannedStudySchema),
  leftOut: z.array(LeftOutSchema),
  options: z.object({ maxMergedBytes: z.number() }),
  /** What `build --dry-run --json` left out for privacy (bookmarks, titles, imaging descriptions): see `RedactedSchema` in scan.ts. */
  redacted: z.array(RedactedSchema).optional(),
});
export type PacketPlan = z.infer<typeof PacketPlanSchema>;
