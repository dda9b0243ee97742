import { z } from 'zod';
import { SLIDE_VENDORS } from '../formats/slides/index.js';
import { FindingSchema } from './finding.js';
import { CategoryIdSchema } from './categories.js';
import { MarkerReadingSchema } from './markers.js';

import { SCAN_SCHEMA_VERSION } from './scan-values.js';

export { belongsToAnotherPerson, isFileDate, readableTextOf, SCAN_SCHEMA_VERSION } from './scan-values.js';

/** ISO calendar date, YYYY-MM-DD. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const FamilySchema = z.enum(['dicom', 'dicomdir', 'pdf', 'slide', 'tiff', 'image', 'archive', 'text', 'empty', 'other']);
export type Family = z.infer<typeof FamilySchema>;

export const PersonNameSchema = z.object({
  raw: z.string(),
  /** Normalised for comparison: upper-case family and given names, sorted words. */
  normalized: z.string(),
});

export const DicomInfoSchema = z.object({
  sopClassUid: z.string().optional(),
  sopClassName: z.string().optional(),
  sopInstanceUid: z.string().optional(),
  studyInstanceUid: z.string().optional(),
  seriesInstanceUid: z.string().optional(),
  modality: z.string().optional(),
  studyDate: IsoDateSchema.optional(),
  seriesDate: IsoDateSchema.optional(),
  acquisitionDate: IsoDateSchema.optional(),
  contentDate: IsoDateSchema.optional(),
  studyDescription: z.string().optional(),
  seriesDescription: z.string().optional(),
  seriesNumber: z.number().optional(),
  instanceNumber: z.number().optional(),
  bodyPart: z.string().optional(),
  patientName: z.string().optional(),
  patientId: z.string().optional(),
  /** Issuer of Patient ID (0010,0021): the hospital or system whose number patientId is. */
  issuerOfPatientId: z.string().optional(),
  patientBirthDate: IsoDateSchema.optional(),
  institution: z.string().optional(),
  manufacturer: z.string().optional(),
  transferSyntaxUid: z.string().optional(),
  rows: z.number().optional(),
  columns: z.number().optional(),
  numberOfFrames: z.number().optional(),
  imageType: z.string().optional(),
  hasPreamble: z.boolean(),
  /** What the object is, beyond its modality. */
  kind: z.enum(['image', 'structured-report', 'encapsulated-pdf', 'rt-plan', 'rt-struct', 'rt-dose', 'rt-other', 'secondary-capture', 'presentation-state', 'slide-microscopy', 'segmentation', 'waveform', 'other']),
  /** Encapsulated PDF: byte offset and length of the embedded PDF inside the file. */
  encapsulatedPdf: z.object({ offset: z.number(), length: z.number() }).optional(),
  /** Text content of a Structured Report, for classification (stripped from JSON unless --include-text). */
  text: z.string().optional(),
  compressed: z.boolean().optional(),
});
export type DicomInfo = z.infer<typeof DicomInfoSchema>;

export const DicomdirInfoSchema = z.object({
  referencedFiles: z.number(),
  missingFiles: z.array(z.string()),
  patients: z.number().optional(),
  studies: z.number().optional(),
  series: z.number().optional(),
});
export type DicomdirInfo = z.infer<typeof DicomdirInfoSchema>;

export const SlideInfoSchema = z.object({
  /** One value per slide format module, in detection order (formats/slides/index.ts). */
  vendor: z.enum(SLIDE_VENDORS),
  /** `ets`: a frame file of an Olympus VSI slide (`_<name>_/stackN/frame_t.ets`), packed with its `.vsi`. */
  container: z.enum(['tiff', 'bigtiff', 'mrxs', 'dicom', 'ets']),
  byteOrder: z.enum(['little', 'big']).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  levels: z.number().optional(),
  tiled: z.boolean().optional(),
  magnification: z.number().optional(),
  mppX: z.number().optional(),
  mppY: z.number().optional(),
  scanDate: IsoDateSchema.optional(),
  /** The date exactly as the vendor stored it (Aperio `MM/DD/YY`). */
  scanDateRaw: z.string().optional(),
  scanner: z.string().optional(),
  ifdCount: z.number().optional(),
  compression: z.string().optional(),
});
export type SlideInfo = z.infer<typeof SlideInfoSchema>;

export const TiffInfoSchema = z.object({
  container: z.enum(['tiff', 'bigtiff']),
  byteOrder: z.enum(['little', 'big']),
  width: z.number().optional(),
  height: z.number().optional(),
  pages: z.number(),
  tiled: z.boolean(),
  dateTime: z.string().optional(),
  /** Text read by OCR from a scanned page; stripped from JSON unless --include-text. */
  text: z.string().optional(),
});
export type TiffInfo = z.infer<typeof TiffInfoSchema>;

export const PdfInfoSchema = z.object({
  pages: z.number().nullable(),
  encrypted: z.boolean(),
  /** True when a user password is needed to open the document. */
  needsPassword: z.boolean(),
  damaged: z.boolean(),
  hasText: z.boolean(),
  /** Offset of `%PDF` (non-zero when junk precedes the header). */
  headerOffset: z.number(),
  version: z.string().optional(),
  title: z.string().optional(),
  producer: z.string().optional(),
  creationDate: IsoDateSchema.optional(),
  modificationDate: IsoDateSchema.optional(),
  /** Extracted text of the first pages, bounded; stripped from JSON unless --include-text. */
  text: z.string().optional(),
  textChars: z.number(),
});
export type PdfInfo = z.infer<typeof PdfInfoSchema>;

export const ImageInfoSchema = z.object({
  format: z.enum(['jpeg', 'png', 'heic', 'gif', 'bmp', 'webp']),
  width: z.number().optional(),
  height: z.number().optional(),
  exifDate: IsoDateSchema.optional(),
  cameraMake: z.string().optional(),
  cameraModel: z.string().optional(),
  software: z.string().optional(),
  /** Text read by OCR from a picture of a document; stripped from JSON unless --include-text. */
  text: z.string().optional(),
});
export type ImageInfo = z.infer<typeof ImageInfoSchema>;

export const ArchiveInfoSchema = z.object({
  format: z.enum(['zip', 'gzip', 'tar', '7z', 'rar']),
  entries: z.number().optional(),
  /** For gzip: the name stored in the header, if any. */
  innerName: z.string().optional(),
});
export type ArchiveInfo = z.infer<typeof ArchiveInfoSchema>;

export const DateSourceSchema = z.enum(['dicom-tag', 'content', 'filename', 'file-metadata', 'vendor-metadata', 'override']);

export const ClinicalDateSchema = z.object({
  /** Best date, or null when ambiguous/undetermined. */
  date: IsoDateSchema.nullable(),
  /**
   * A period: the earliest date, `date` then the latest. Lab series (first to last sample), a stay (admission to
   * discharge: kind `admission-discharge`), a course of treatment (kind `treatment-course` or `treatment-cycles`).
   */
  start: IsoDateSchema.optional(),
  source: DateSourceSchema,
  confidence: z.number().min(0).max(1),
  /** What the date is: biopsy, collection, exam, operation, discharge, report... */
  kind: z.string().optional(),
  /** The text the date was read from, e.g. `Date of procedure: 12/09/2025`. */
  evidence: z.string().optional(),
  /** Both readings when day/month order could not be resolved. */
  ambiguous: z.array(IsoDateSchema).optional(),
});
export type ClinicalDate = z.infer<typeof ClinicalDateSchema>;

/**
 * A date read from the file (PDF/EXIF metadata, modification time, its name), not from the document: kept in the
 * JSON as a last resort with its source, never presented as the clinical date (index, bookmarks, packet names).
 */

export const ReasonSchema = z.object({
  rule: z.string(),
  category: CategoryIdSchema.optional(),
  weight: z.number(),
  matched: z.array(z.string()).optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

/** The language a document's text is written in (franc-min over its body, not its letterhead). */
export const DocumentLanguageSchema = z.object({
  /** ISO 639-1 code (`en`, `es`, `zh`…); `und` when the text is too short to tell. */
  code: z.string().regex(/^([a-z]{2}|und)$/),
  /** franc's ISO 639-3 code (`eng`, `spa`, `cmn`…), or `und`. */
  franc: z.string(),
  /** How far ahead of the runner-up language, 0–1 (a heuristic margin, not a probability); 0 for `und`. */
  confidence: z.number().min(0).max(1),
});
export type DocumentLanguage = z.infer<typeof DocumentLanguageSchema>;

/** Kinds of result a summary may quote: the check asks for their primary report by these. */
export const ResultKindSchema = z.enum(['molecular', 'pathology', 'imaging']);
export type ResultKind = z.infer<typeof ResultKindSchema>;

/**
 * Primary report (the laboratory's or department's own, with its identifiers, method and results) or summary
 * (a letter or note that quotes results): src/classify/source-kind.ts.
 */
export const DocumentSourceSchema = z.object({
  kind: z.enum(['primary', 'summary']),
  /** Primary cues minus summary cues (positive: primary); a heuristic margin, not a probability. */
  score: z.number(),
  /** The cues that decided it, with their rule ids (`source.accession`, `source.salutation`…). */
  reasons: z.array(ReasonSchema),
  /** For a summary: the kinds of result it quotes (a molecular result in a clinic letter). */
  mentions: z.array(ResultKindSchema).optional(),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

export const ClassificationSchema = z.object({
  category: CategoryIdSchema,
  modality: z.string().optional(),
  title: z.string().optional(),
  confidence: z.number().min(0).max(1),
  reasons: z.array(ReasonSchema),
  /** Other categories that scored as high: shown instead of picking silently. */
  tiedWith: z.array(CategoryIdSchema).optional(),
  date: ClinicalDateSchema.nullable(),
  /** Set where casepack.yaml replaced the tool's own guess. */
  override: z.object({
    pattern: z.string(),
    fields: z.array(z.enum(['category', 'date', 'modality', 'title', 'exclude'])),
    previous: z.object({ category: CategoryIdSchema, date: IsoDateSchema.nullable(), modality: z.string().optional() }),
  }).optional(),
  excluded: z.boolean().optional(),
  /** The language of the document's text; absent for files without text (DICOM images, pictures, slides). */
  language: DocumentLanguageSchema.optional(),
  /** Primary report or summary/mention; absent for files without text and categories that report nothing. */
  source: DocumentSourceSchema.optional(),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * Whom a file names (DICOM header, or the labelled patient block of a PDF's
 * text) as far as the packet cares: the identity's key in `patients`, and
 * whether that is someone other than the case's patient. The name itself is
 * in `patients`, never copied here, and no document text is.
 */
export const FileIdentitySchema = z.object({
  /** `ocr-text`: the text OCR read from a scanned PDF, a photo or a scanned TIFF of a document; `case-file`: the file names no one, casepack.yaml says whose it is (`otherPerson: true`). */
  source: z.enum(['dicom-header', 'pdf-text', 'ocr-text', 'case-file']),
  /** `key` of the identity in the scan's `patients`; empty when the source is `case-file`. */
  patientKey: z.string(),
  /** The identity conflicts with the case's patient (another birth date, another name): left out of the packet. */
  otherPerson: z.boolean().optional(),
  /** Set when the file only belongs to another person's DICOM study (whose other files name that person). */
  viaStudy: z.boolean().optional(),
  /** Another person's because casepack.yaml says so (`otherPerson: true`), not because casepack saw a conflict. */
  stated: z.boolean().optional(),
  /** casepack.yaml keeps it on purpose (`include: true`): the reason given there. */
  keptOnPurpose: z.string().optional(),
});
export type FileIdentity = z.infer<typeof FileIdentitySchema>;

/** Where a file's readable text came from (mirrors `TextProvenance` in src/extract/ocr/types.ts). */
export const TextProvenanceSchema = z.object({
  source: z.enum(['text-layer', 'ocr']),
  engine: z.literal('tesseract.js').optional(),
  engineVersion: z.string().optional(),
  /** Tesseract language codes the text was read with. */
  languages: z.array(z.string()).optional(),
  /** Mean word confidence over the recognised pages, 0–100. */
  meanConfidence: z.number().min(0).max(100).optional(),
  pagesRead: z.number().optional(),
  /** 0-based pages whose confidence is too low to trust without a person checking. */
  lowConfidencePages: z.array(z.number()).optional(),
});
export type TextProvenanceEntry = z.infer<typeof TextProvenanceSchema>;

export const FileEntrySchema = z.object({
  path: z.string().describe('case-relative, POSIX separators, Unicode NFC as on disk'),
  size: z.number(),
  mtimeMs: z.number(),
  family: FamilySchema,
  /** Set for files unpacked from an archive in the case: the archive's path. */
  fromArchive: z.string().optional(),
  dicom: DicomInfoSchema.optional(),
  dicomdir: DicomdirInfoSchema.optional(),
  pdf: PdfInfoSchema.optional(),
  slide: SlideInfoSchema.optional(),
  tiff: TiffInfoSchema.optional(),
  image: ImageInfoSchema.optional(),
  archive: ArchiveInfoSchema.optional(),
  text: z.object({ encoding: z.string(), chars: z.number(), content: z.string().optional() }).optional(),
  classification: ClassificationSchema.optional(),
  /** Set when this file is a byte-identical copy of another (found by content, or among files sharing a SOP Instance UID). */
  duplicateOf: z.string().optional(),
  /** Set when this DICOM file is the same image (SOP Instance UID) as another, in a lower-fidelity encoding (lossy, compressed or cut short): the other is packed. */
  otherEncodingOf: z.string().optional(),
  identity: FileIdentitySchema.optional(),
  /** Where the text casepack read from this document came from: its text layer, or OCR (engine, languages, confidence). */
  textSource: TextProvenanceSchema.optional(),
  /** Tumour-marker values read from a lab report's (or a letter's) text; document words, like `pdf.text`. */
  markers: z.array(MarkerReadingSchema).optional(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const SeriesSchema = z.object({
  seriesInstanceUid: z.string(),
  modality: z.string().optional(),
  description: z.string().optional(),
  seriesNumber: z.number().optional(),
  date: IsoDateSchema.optional(),
  instances: z.number(),
  transferSyntaxes: z.array(z.string()),
  kinds: z.array(z.string()),
  paths: z.array(z.string()),
});
export type Series = z.infer<typeof SeriesSchema>;

export const StudySchema = z.object({
  studyInstanceUid: z.string(),
  date: IsoDateSchema.nullable(),
  description: z.string().optional(),
  modalities: z.array(z.string()),
  institution: z.string().optional(),
  patientKey: z.string().optional(),
  series: z.array(SeriesSchema),
  instances: z.number(),
  classification: ClassificationSchema.optional(),
});
export type Study = z.infer<typeof StudySchema>;

export const PatientIdentitySchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  patientId: z.string().optional(),
  /** Who issued patientId (DICOM IssuerOfPatientID, or the national number a document labels it as). */
  patientIdIssuer: z.string().optional(),
  birthDate: IsoDateSchema.optional(),
  sources: z.array(z.string()).describe('paths (or a count summary) where this identity was seen'),
  fileCount: z.number(),
});
export type PatientIdentity = z.infer<typeof PatientIdentitySchema>;

/** The patient the case is about: as casepack.yaml states it, or assumed from the identity most files name. */
export const CasePatientSchema = z.object({
  source: z.enum(['case-file', 'assumed']),
  /** `key` of the matching identity in `patients`, when one matches. */
  key: z.string().optional(),
  name: z.string().optional(),
  patientId: z.string().optional(),
  patientIdIssuer: z.string().optional(),
  birthDate: IsoDateSchema.optional(),
});
export type CasePatient = z.infer<typeof CasePatientSchema>;

export const DuplicateGroupSchema = z.object({
  /** `content` and `sop-instance-uid`: byte-identical files; `other-encoding`: the same image in different bytes, the first path the one packed. */
  kind: z.enum(['content', 'sop-instance-uid', 'other-encoding']),
  paths: z.array(z.string()),
});

/**
 * What a JSON output left out for privacy (README "Privacy and safety"): `text`, the documents' words (extracted
 * text, titles, rule matches, date lines, DICOM descriptions; `--include-text` keeps them); `identity`, whom the
 * files are about (names, IDs, issuers, birth dates; identity keys become `patient-1`…, valid within one output;
 * `--include-identity` keeps them). Absent when nothing was left out.
 */
export const RedactedSchema = z.enum(['text', 'identity']);
export type Redacted = z.infer<typeof RedactedSchema>;

export const ScanResultSchema = z.object({
  schemaVersion: z.literal(SCAN_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('casepack'), version: z.string() }),
  root: z.string(),
  summary: z.object({
    files: z.number(),
    bytes: z.number(),
    byFamily: z.record(z.string(), z.number()),
    byCategory: z.record(z.string(), z.number()).optional(),
    skippedJunk: z.number(),
  }),
  files: z.array(FileEntrySchema),
  dicom: z.object({ studies: z.array(StudySchema) }),
  duplicates: z.array(DuplicateGroupSchema),
  patients: z.array(PatientIdentitySchema),
  casePatient: CasePatientSchema.optional(),
  caseFile: z.object({ path: z.string(), valid: z.boolean() }).optional(),
  findings: z.array(FindingSchema),
  redacted: z.array(RedactedSchema).optional(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
