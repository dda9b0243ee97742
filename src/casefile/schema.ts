import { z } from 'zod';
import { CategoryIdSchema } from '../model/categories.js';
import { IsoDateSchema } from '../model/scan.js';
import { SeveritySchema } from '../model/finding.js';
import { TESSERACT_LANGUAGE_PATTERN } from './ocr-languages.js';

export { parseOcrLanguages, TESSERACT_LANGUAGE_PATTERN } from './ocr-languages.js';

/**
 * `casepack.yaml`: everything the tool cannot know from the files, said by a
 * person. Optional; every field is optional.
 */
export const DateOrderSchema = z.enum(['DMY', 'MDY']);
export type DateOrder = z.infer<typeof DateOrderSchema>;

export const TesseractLanguageSchema = z.string().regex(TESSERACT_LANGUAGE_PATTERN, 'a tesseract language code such as eng, spa or chi_sim');

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
  /**
   * The file is another person's although nothing in it told casepack so (a photo
   * of someone else's letter, a relative's scan): left out of the packet and
   * listed with the other person's files, like one casepack detected itself.
   * A DICOM file takes its whole study with it. `include: true` still keeps it.
   */
  otherPerson: z.boolean().optional(),
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

/**
 * Who prepares and sends the packet (a care coordinator, a family member): the
 * cover letter and the request letters are signed with it. Also read from the
 * user-level config so a coordinator sets it once.
 */
export const SenderSchema = z.object({
  name: z.string().min(1),
  /** e.g. "Care coordinator", "Daughter of the patient". */
  role: z.string().optional(),
  organisation: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  /** Closing line under the name, e.g. "On behalf of the patient's family". */
  signature: z.string().optional(),
}).strict();
export type Sender = z.infer<typeof SenderSchema>;

/** The hospital that treats the patient: request letters and release forms are addressed to its departments. */
export const TreatingHospitalSchema = z.object({
  name: z.string().min(1),
  address: z.string().optional(),
}).strict();
export type TreatingHospital = z.infer<typeof TreatingHospitalSchema>;

/** Who the packet is for: the reviewing team or a hospital's international patient department. */
export const RecipientSchema = z.object({
  name: z.string().optional(),
  department: z.string().optional(),
  organisation: z.string().optional(),
  address: z.string().optional(),
}).strict();
export type Recipient = z.infer<typeof RecipientSchema>;

/** A person travelling with the patient; their passport copy is then asked for. */
export const AttendantSchema = z.object({
  name: z.string().min(1),
  relation: z.string().optional(),
}).strict();
export type Attendant = z.infer<typeof AttendantSchema>;

/** A full date, or a month when only the month is known (treatment histories often give "March 2025"). */
export const PartialIsoDateSchema = z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, 'a date as YYYY-MM-DD, or YYYY-MM when only the month is known');

/** One line of treatment, as the patient guides ask for it: regimen, dates, cycles, response, reason for stopping. */
export const TreatmentSchema = z.object({
  kind: z.enum(['chemotherapy', 'targeted-therapy', 'immunotherapy', 'hormone-therapy', 'surgery', 'radiotherapy', 'chemoradiotherapy', 'other']),
  /** Regimen or procedure, e.g. "FOLFIRINOX", "Whipple procedure", "SBRT 40 Gy / 5 fractions". */
  name: z.string().min(1),
  start: PartialIsoDateSchema,
  end: PartialIsoDateSchema.optional(),
  cycles: z.number().int().positive().optional(),
  /** Best response, e.g. "partial response", "stable disease", "progression". */
  response: z.string().optional(),
  /** Why it stopped, e.g. "completed", "progression", "toxicity (neuropathy)". */
  stopped: z.string().optional(),
  notes: z.string().optional(),
}).strict();
export type Treatment = z.infer<typeof TreatmentSchema>;

/** A request already sent to a hospital department, so later checks can say what is outstanding and for how long. */
export const SentRequestSchema = z.object({
  /** The department or office asked, e.g. "Pathology", "Medical records", "Radiology". */
  department: z.string().min(1),
  /** What was asked for: checklist item ids (e.g. "molecular-report") or plain words. */
  items: z.array(z.string().min(1)).min(1),
  sent: IsoDateSchema,
  /** How it was sent, e.g. "email", "portal", "fax", "by hand". */
  via: z.string().optional(),
  /** Who at the department, or a reference number the department gave. */
  contact: z.string().optional(),
  reference: z.string().optional(),
  notes: z.string().optional(),
}).strict();
export type SentRequest = z.infer<typeof SentRequestSchema>;

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
  /** Stage at diagnosis as the treating team gave it, e.g. "cT3 N0 M0, borderline resectable": printed on the treatment summary. */
  staging: z.string().optional(),
  sender: SenderSchema.optional(),
  recipient: RecipientSchema.optional(),
  /** Where the records come from (the treating hospital), named in the request letters and release forms. */
  hospital: TreatingHospitalSchema.optional(),
  /** People travelling with the patient (their passport copies are then needed). */
  attendants: z.array(AttendantSchema).optional(),
  /** The treatment history, oldest first or in any order (the summary sorts it). */
  treatments: z.array(TreatmentSchema).optional(),
  /** Allergies as the family knows them, e.g. "penicillin (rash)", or "none known": the reviewer must not guess. */
  allergies: z.array(z.string().min(1)).optional(),
  /** The question(s) for the reviewer, printed on the index page. */
  questions: z.array(z.string()).optional(),
  /** Facts that switch checklist items on or off: surgery, radiotherapy, chemotherapy, endoscopicUltrasound... */
  facts: z.record(z.string(), z.boolean()).optional(),
  physical: z.array(PhysicalItemSchema).optional(),
  /** Requests sent to departments (records, pathology, radiology...), followed up by `check`. */
  requests: z.array(SentRequestSchema).optional(),
  overrides: z.array(OverrideSchema).optional(),
  /** Languages the scanned documents are written in, as tesseract codes (default eng); `--ocr-lang` wins over it. */
  ocrLanguages: z.array(TesseractLanguageSchema).min(1).optional(),
  /** Like bids-validator's config: downgrade or ignore finding codes for this case. */
  findings: z.object({
    ignore: z.array(z.string()).optional(),
    severity: z.record(z.string(), SeveritySchema).optional(),
  }).strict().optional(),
}).strict();
export type CaseFile = z.infer<typeof CaseFileSchema>;
