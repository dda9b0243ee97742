import { z } from 'zod';
import { FindingSchema } from './finding.js';

export const CHECK_SCHEMA_VERSION = 1;

export const ItemStatusSchema = z.enum(['met', 'partial', 'missing', 'not-applicable']);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

/** One checklist item evaluated against a case. */
export const ItemResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.enum(['required', 'recommended']),
  status: ItemStatusSchema,
  /** Plain-language detail: "1 prior scan of 2", "latest labs are 120 days old (limit 30)". */
  detail: z.string().optional(),
  /** Files (case-relative paths) or study UIDs that satisfied it. */
  satisfiedBy: z.array(z.string()),
  /** Physical items attested in casepack.yaml that satisfied it. */
  attested: z.array(z.string()).optional(),
  why: z.string(),
  request: z.object({
    department: z.string(),
    wording: z.string(),
  }).optional(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const CheckResultSchema = z.object({
  schemaVersion: z.literal(CHECK_SCHEMA_VERSION),
  case: z.string(),
  checklist: z.object({ id: z.string(), title: z.string(), source: z.string() }),
  asOf: z.string(),
  /** complete: every required item met and no error finding stands. */
  status: z.enum(['complete', 'incomplete']),
  items: z.array(ItemResultSchema),
  findings: z.array(FindingSchema),
  summary: z.object({
    requiredMissing: z.number(),
    recommendedMissing: z.number(),
    partial: z.number(),
    met: z.number(),
    errors: z.number(),
    warnings: z.number(),
  }),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
