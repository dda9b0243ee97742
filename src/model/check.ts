import { z } from 'zod';
import { FindingSchema } from './finding.js';
import { RedactedSchema } from './scan.js';

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
    /** false: the family provides it themselves; no request letter is written for it. */
    letter: z.boolean().optional(),
    /**
     * The documents the request is about, each with its clinical date or null when none is known
     * (a date from a file's timestamp or name is never given). Another person's files are never here.
     */
    documents: z.array(z.object({
      label: z.string(),
      date: z.string().nullable(),
      /** The whole line when the label and date alone would mislead: "the KRAS result appears only in Dr X's letter of 30 October 2025 (letters/clinic.pdf)". */
      phrase: z.string().optional(),
    })).optional(),
  }).optional(),
  /** The severity the checklist gave, when an unknown fact lowered it (see docs/checklists.md). */
  checklistSeverity: z.enum(['required', 'recommended']).optional(),
  /** Case facts (casepack.yaml `facts`) the item depends on that were not stated, so were assumed. */
  assumedFacts: z.array(z.string()).optional(),
  /** For anyOf items: the alternative that counted ("whole-slide scans"). */
  alternative: z.string().optional(),
  /** `primary` items: letters or notes that quote the result (paths) when the report itself was not found. */
  summaries: z.array(z.string()).optional(),
  /**
   * The same letters or notes, each with what the report calls it: "Dr Rafael Ortiz's letter of 30 October 2025
   * (Letters/clinic.pdf)". `author` is the name under the letter's closing when it has one.
   */
  quotedIn: z.array(z.object({
    document: z.string(),
    /** "the KRAS result", "the molecular result": what it quotes. */
    result: z.string(),
    date: z.string().nullable(),
    author: z.string().optional(),
    /** "Dr Rafael Ortiz's letter of 30 October 2025 (Letters/clinic.pdf)". */
    phrase: z.string(),
  })).optional(),
  /** `complete` items: each document that is there but incomplete, with the checklist parts it lacks. */
  incomplete: z.array(z.object({
    document: z.string(),
    missing: z.array(z.object({ id: z.string(), label: z.string() })),
  })).optional(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

/** One thing a sent request asked for, and whether the case's documents now hold it. */
export const RequestedItemSchema = z.object({
  /** As casepack.yaml says it: a checklist item id or plain words. */
  asked: z.string(),
  /** The checklist item it was matched to (by id, else by words against the item titles). */
  itemId: z.string().optional(),
  title: z.string().optional(),
  /** received: the item is met now; not-needed: the item does not apply; unmatched: no checklist item to tick it off by. */
  status: z.enum(['received', 'not-needed', 'partial', 'outstanding', 'unmatched']),
});
export type RequestedItem = z.infer<typeof RequestedItemSchema>;

/** A request recorded in casepack.yaml `requests:`, followed up against the documents and the 5–15 business days the guides give. */
export const RequestFollowUpSchema = z.object({
  department: z.string(),
  /** ISO date it was sent. */
  sent: z.string(),
  via: z.string().optional(),
  /** Business days (Monday to Friday) from the day after it was sent up to the as-of date; public holidays are not known. */
  businessDays: z.number().int().nonnegative(),
  /** The 15th business day after it was sent: the latest the guides say a reply takes. */
  expectedBy: z.string(),
  /** received: nothing outstanding; sent: within 5 business days; waiting: 6–15; overdue: more than 15. */
  state: z.enum(['received', 'sent', 'waiting', 'overdue']),
  /** "sent 3 business days ago", "expected by 24 March 2025", "overdue: 20 business days since 3 March 2025". */
  statusText: z.string(),
  items: z.array(RequestedItemSchema),
  /** Reminder wording ready to send, for an overdue request. */
  followUp: z.string().optional(),
});
export type RequestFollowUp = z.infer<typeof RequestFollowUpSchema>;

export const CheckResultSchema = z.object({
  schemaVersion: z.literal(CHECK_SCHEMA_VERSION),
  case: z.string(),
  checklist: z.object({
    id: z.string(),
    title: z.string(),
    /** `builtin:<id>` or the checklist file's path. */
    source: z.string(),
    description: z.string().optional(),
    /** The guidance and practice the checklist was written from, shown in reports. */
    sources: z.array(z.string()).optional(),
  }),
  asOf: z.string(),
  /** complete: every required item met and no error finding stands. */
  status: z.enum(['complete', 'incomplete']),
  items: z.array(ItemResultSchema),
  /** Every case fact a checklist item depends on: stated in casepack.yaml, or unknown (assumed). */
  facts: z.array(z.object({
    name: z.string(),
    value: z.boolean().nullable(),
    source: z.enum(['case-file', 'unknown']),
    items: z.array(z.string()),
  })).optional(),
  /** casepack.yaml `requests:` followed up: what is outstanding and for how long. */
  requests: z.array(RequestFollowUpSchema).optional(),
  findings: z.array(FindingSchema),
  summary: z.object({
    requiredMissing: z.number(),
    recommendedMissing: z.number(),
    partial: z.number(),
    met: z.number(),
    errors: z.number(),
    warnings: z.number(),
  }),
  /** What this output left out for privacy: see `RedactedSchema` in scan.ts. */
  redacted: z.array(RedactedSchema).optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
