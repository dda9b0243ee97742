import { z } from 'zod';
import { CategoryIdSchema } from '../model/categories.js';
import { IsoDateSchema } from '../model/scan.js';
import { SeveritySchema } from '../model/finding.js';

/**
 * `casepack.yaml`: everything the tool cannot know from the files, said by a
 * person. Optional; every field is optional.
 */
export const DateOrderSchema = z.enum(['DMY', 'MDY']);
export type DateOrder = z.infer<typeof DateOrderSchema>;

export const OverrideSchema = z.object({
  /** Case-relative path, or a glob (`reports/*.pdf`, `**\/scan*.jpg`). */
  path: z.string().min(1),
  category: CategoryIdSchema.optional(),
  date: IsoDateSchema.optional(),
  modality: z.string().optional(),
  title: z.string().optional(),
  exclude: z.boolean().optional(),
  /** Pack it even though it names another person than the case's patient (left out by default). */
  include: z.boolean().optional(),
  /** Why it is kept on purpose: printed on the index page. */
  reason: z.string().optional(),
}).strict();
export type Override = z.infer<typeof OverrideSchema>;

export const PhysicalItemSchema = z.object({
  /** What was shipped: matches a checklist item's physical kind. */
  kind: z.enum(['glass-slides', 'paraffin-blocks', 'unstained-sections', 'cd-dvd', 'other']),
  count: z.number().int().positive().optional(),
  description: z.string().optional(),
  shippedOn: IsoDateSchema.optional(),
  courier: z.string().optional(),
  tracking: z.string().optional(),
}).strict();
export type PhysicalItem = z.infer<typeof PhysicalItemSchema>;

export const CaseFileSchema = z.object({
  patient: z.object({
    name: z.string().optional(),
    birthDate: IsoDateSchema.optional(),
    id: z.string().optional(),
  }).strict().optional(),
  /** Built-in checklist id or a path to a checklist YAML (relative to the case folder). */
  checklist: z.string().optional(),
  /** Day/month order used in this case's documents' country. */
  dateOrder: DateOrderSchema.optional(),
  /** "As of" date for recency rules (`maxAgeDays`); default today. */
  asOf: IsoDateSchema.optional(),
  diagnosis: z.string().optional(),
  /** The question(s) for the reviewer, printed on the index page. */
  questions: z.array(z.string()).optional(),
  /** Facts that switch checklist items on or off: surgery, radiotherapy, chemotherapy, endoscopicUltrasound... */
  facts: z.record(z.string(), z.boolean()).optional(),
  physical: z.array(PhysicalItemSchema).optional(),
  overrides: z.array(OverrideSchema).optional(),
  /** Like bids-validator's config: downgrade or ignore finding codes for this case. */
  findings: z.object({
    ignore: z.array(z.string()).optional(),
    severity: z.record(z.string(), SeveritySchema).optional(),
  }).strict().optional(),
}).strict();
export type CaseFile = z.infer<typeof CaseFileSchema>;
