import { z } from 'zod';
import { PhysicalItemSchema, SenderSchema, type CaseFile } from '../casefile/schema.js';
import { CategoryIdSchema } from '../model/categories.js';
import { IsoDateSchema } from '../model/scan.js';

/**
 * What a person can change on the review page, one correction at a time. The
 * page sends these; `applyReviewChange` writes each into casepack.yaml (the only
 * place a correction lives, so `scan`, `check` and `build` see it too).
 */
const FilePath = z.string().min(1).max(4096);

export const ReviewChangeSchema = z.discriminatedUnion('kind', [
  /** The document is of this category (an `overrides:` entry with `category`). */
  z.object({ kind: z.literal('category'), path: FilePath, category: CategoryIdSchema }).strict(),
  /** The document's clinical date, as the person reads it on the page. */
  z.object({ kind: z.literal('date'), path: FilePath, date: IsoDateSchema }).strict(),
  /** Leave the file out of the packet (or take that back). */
  z.object({ kind: z.literal('leave-out'), path: FilePath, value: z.boolean() }).strict(),
  /** The file is another person's: left out, and said so in the report (or take that back). */
  z.object({ kind: z.literal('other-person'), path: FilePath, value: z.boolean() }).strict(),
  /** Pack it although casepack would leave it out (another name on it, a duplicate...), with why. */
  z.object({ kind: z.literal('keep-anyway'), path: FilePath, value: z.boolean(), reason: z.string().max(500).optional() }).strict(),
  /** Forget every correction made for this file: casepack's own reading again. */
  z.object({ kind: z.literal('reset'), path: FilePath }).strict(),
  z.object({
    kind: z.literal('patient'),
    patient: z.object({ name: z.string().max(200).optional(), birthDate: IsoDateSchema.optional(), id: z.string().max(100).optional() }).strict(),
  }).strict(),
  z.object({ kind: z.literal('questions'), questions: z.array(z.string().max(2000)).max(50) }).strict(),
  z.object({ kind: z.literal('sender'), sender: SenderSchema.nullable() }).strict(),
  z.object({ kind: z.literal('physical'), physical: z.array(PhysicalItemSchema).max(50) }).strict(),
]);
export type ReviewChange = z.infer<typeof ReviewChangeSchema>;

export interface AppliedChange {
  /** casepack.yaml as written. */
  file: string;
  /** The previous casepack.yaml's copy (casepack.yaml.bak), or null when none was made: no file before, or the file already said it (nothing written). */
  backup: string | null;
  /** The case file as it now reads (validated). */
  casefile: CaseFile;
}

/** Signature of `applyReviewChange` in ./casefile-edit.ts. */
export type ApplyReviewChange = (caseDir: string, change: ReviewChange) => Promise<AppliedChange>;
