import type { Finding, Severity } from '../model/finding.js';

export interface FindingDefinition {
  severity: Severity;
  /** Plain-language message; a call site may give a more specific one. */
  message: string;
  /** What the person should do next. */
  hint: string;
}

/**
 * The one list of finding codes. Every finding the tool emits is made through
 * `finding()` with a key of this object, so a code cannot be misspelt and
 * docs/findings.md can be checked against it (test/findings-doc.test.ts).
 */
export const FINDING_CODES = {
  // walk
  WALK_UNREADABLE: { severity: 'error', message: 'A file or folder could not be read.', hint: 'Check the permissions of the file (or copy it again from the original media) and run casepack again.' },
  WALK_LINK_OUTSIDE_ROOT: { severity: 'warning', message: 'A shortcut (symbolic link) points outside the case folder and was not followed.', hint: 'Copy the real file into the case folder if it belongs to this case.' },
  WALK_LINK_LOOP: { severity: 'warning', message: 'A shortcut (symbolic link) leads in a loop and was not followed.', hint: 'Remove the looping shortcut; it holds no files of its own.' },
  WALK_SPECIAL_FILE: { severity: 'warning', message: 'A special file (pipe, socket or device) was skipped: it holds no document.', hint: 'Nothing to do unless you expected a document here.' },
  WALK_BROKEN_LINK: { severity: 'warning', message: 'A shortcut (symbolic link) points to a file that does not exist.', hint: 'Copy the real file into the case folder if it belongs to this case.' },
  CASE_NOT_FOUND: { severity: 'error', message: 'The case folder does not exist or is not a folder.', hint: 'Give the path of the folder that holds the patient\'s files.' },
  // generic file problems
  FILE_EMPTY: { severity: 'warning', message: 'The file is empty (0 bytes).', hint: 'The copy probably failed; copy the file again from the original source.' },
  FILE_UNKNOWN_TYPE: { severity: 'info', message: 'The file type was not recognised.', hint: 'If this is a medical document, save it as PDF; otherwise it can be left out.' },
  FILE_CHANGED_DURING_RUN: { severity: 'error', message: 'The file changed while casepack was working on it.', hint: 'Wait until copying has finished, then run casepack again.' },
  PROBE_FAILED: { severity: 'error', message: 'The file could not be examined.', hint: 'The file may be damaged; copy it again from the original source.' },
  // DICOM
  DICOM_UNREADABLE: { severity: 'error', message: 'The file looks like a DICOM image but its header could not be read.', hint: 'Ask the imaging department for a fresh copy of this study on CD/DVD or via their image-sharing portal.' },
  DICOM_TRUNCATED: { severity: 'error', message: 'The DICOM file is cut short: its image data is incomplete.', hint: 'The copy is incomplete. Copy the study again from the original CD, or ask the imaging department for a new copy.' },
  DICOM_GZIPPED: { severity: 'warning', message: 'This is a gzip-compressed DICOM file (.dcm.gz).', hint: 'Most viewers cannot open it as is; decompress it (e.g. with 7-Zip) or ask for uncompressed DICOM.' },
  DICOM_SAME_IMAGE_OTHER_ENCODING: { severity: 'info', message: 'The same DICOM image (same SOP Instance UID) is in the case in more than one encoding.', hint: 'The higher-fidelity copy (uncompressed or lossless over lossy, complete over cut short) is packed; the other is listed as left out. Copies whose fidelity cannot be ranked are all packed.' },
  DICOM_DUPLICATE_INSTANCE: { severity: 'info', message: 'The same DICOM file (same SOP Instance UID, same bytes) appears more than once.', hint: 'Only one copy is needed; duplicates are packed once.' },
  DICOMDIR_MISSING_FILES: { severity: 'error', message: 'The DICOMDIR (the CD\'s table of contents) lists images that are not in the folder.', hint: 'The CD was copied only in part. Copy the whole CD again, including every folder, or ask the imaging department for a new CD.' },
  DICOMDIR_UNREADABLE: { severity: 'warning', message: 'The DICOMDIR (the CD\'s table of contents) could not be read.', hint: 'The images themselves are still used; this only matters if some images are missing.' },
  // TIFF and slides
  TIFF_UNREADABLE: { severity: 'error', message: 'The TIFF/slide file structure could not be read.', hint: 'The file may be damaged; ask the pathology department to export the scan again.' },
  SLIDE_TRUNCATED: { severity: 'error', message: 'The slide scan is cut short: parts of the image lie beyond the end of the file.', hint: 'The copy is incomplete. Copy the scan again, or ask the pathology department to export it again.' },
  MRXS_MISSING_FOLDER: { severity: 'error', message: 'A MIRAX (.mrxs) slide was found without its data folder.', hint: 'An .mrxs slide is a file plus a folder of the same name; copy both.' },
  VSI_MISSING_FOLDER: { severity: 'error', message: 'An Olympus VSI (.vsi) slide was found without its image data: the folder _<name>_ beside it is missing.', hint: 'A .vsi file holds only the overview; the scan itself is in the folder named _<name>_ next to it (stack1/frame_t.ets). Copy the .vsi together with that folder.' },
  VSI_FILE_MISSING: { severity: 'error', message: 'Olympus VSI image data (an .ets frame file) was found without the .vsi file it belongs to.', hint: 'A VSI slide is a .vsi file plus a folder _<name>_ beside it; this folder was copied without its .vsi. Copy the .vsi file that goes with the folder (same name, without the underscores) into the folder that holds _<name>_.' },
  // PDF
  PDF_ENCRYPTED: { severity: 'warning', message: 'The PDF is password-protected.', hint: 'Ask the sender for the password or for an unprotected copy; the reviewer may not be able to open it.' },
  PDF_RESTRICTED: { severity: 'info', message: 'The PDF carries an owner password (printing or copying restricted) but opens without one.', hint: 'Nothing to do: it can be read and merged.' },
  PDF_DAMAGED: { severity: 'error', message: 'The PDF is damaged and could not be read.', hint: 'Ask the sender for a new copy of this document.' },
  PDF_NO_TEXT: { severity: 'warning', message: 'The PDF has no text layer (it is a scan), so its content could not be read.', hint: 'Name the file after what it is (e.g. "pathology report.pdf") or set its category in casepack.yaml.' },
  // OCR (scanned PDFs, photos of documents)
  OCR_LANGUAGE_MISSING: { severity: 'warning', message: 'An OCR language model is not installed, so text in that language is read with the other languages only.', hint: 'Install it (e.g. `sudo apt install tesseract-ocr-spa` for Spanish) or put its .traineddata in a folder named by CASEPACK_TESSDATA.' },
  OCR_PAGE_FAILED: { severity: 'warning', message: 'A page could not be read by OCR; the rest of the case was read.', hint: 'Open the file to check it; if it is a report, name it after what it is or set its category in casepack.yaml.' },
  OCR_PAGE_LIMIT: { severity: 'info', message: 'A scanned PDF has more pages than OCR reads per file; the pages after the limit have no searchable text in the packet.', hint: 'The file is still packed whole. To search the rest, split the scan into smaller PDFs (e.g. one per report).' },
  OCR_LOW_CONFIDENCE: { severity: 'warning', message: 'The text recognised on a scanned page or photo is uncertain (low OCR confidence): the category, date and name taken from it may be wrong.', hint: 'Look at the page by eye and check its date, category and name (the packet index marks it too); a sharper scan (300 dpi, flat, well lit) reads better.' },
  PDF_TOO_LARGE_TO_READ: { severity: 'warning', message: 'Part of the PDF would take far too much memory to open (it unpacks to a huge size, as some damaged or malicious files do), so casepack did not read it: its text was not read and it was not merged.', hint: 'The file is in the packet as it is. If it is a real document, open it in a PDF viewer and print it to a new PDF, or ask the sender for a new copy.' },
  PDF_PARTLY_EXAMINED: { severity: 'info', message: 'The PDF is very large, so only its beginning and end were examined: its text was not read and its page count may be missing.', hint: 'Nothing to do unless it is a report: then name the file after what it is (e.g. "pathology report.pdf") or set its category in casepack.yaml.' },
  PDF_DECODE_TIMEOUT: { severity: 'warning', message: 'Reading the PDF took far too long (as some damaged or malicious files do), so casepack stopped: its text was not read and it was not merged.', hint: 'The file is in the packet as it is. If it is a real document, open it in a PDF viewer and print it to a new PDF, or ask the sender for a new copy.' },
  // OCR
  PHOTO_FORMAT_NOT_READ: { severity: 'warning', message: 'A HEIC/HEIF photo (the iPhone default) could not be decoded (damaged, or coded in a way the built-in HEIF decoder does not know), so its text is not read and it is in the packet as the original file, not as a page.', hint: 'Open it on the phone or computer it came from and share it again as JPEG (on the iPhone: Settings > Camera > Formats > Most Compatible, or share it as JPEG); if it does not open there either, take the photo again.' },
  OCR_CACHE_UNAVAILABLE: { severity: 'warning', message: 'The OCR cache folder cannot be used, so scanned pages are read again on every run.', hint: 'Check that the cache folder (`casepack cache info`) is yours and writable, or set XDG_CACHE_HOME to another folder; --no-cache silences this.' },
  // images and archives
  IMAGE_TOO_LARGE_TO_READ: { severity: 'warning', message: 'The picture says it is far larger than any photo or scan (so many pixels that opening it would take gigabytes of memory), so casepack did not open it: it was not read and not merged.', hint: 'The file is in the packet as it is. If it is a real document, take the photo or scan again at a normal size, or ask the sender for a new copy.' },
  IMAGE_UNREADABLE: { severity: 'warning', message: 'The image could not be read.', hint: 'Take the photo or screenshot again, or ask for the original document.' },
  ARCHIVE_NOT_EXPANDED: { severity: 'info', message: 'An archive (ZIP/gzip) was found; its contents are not examined.', hint: 'Unpack it into the case folder so casepack can examine what is inside.' },
  ARCHIVE_ENTRY_REFUSED: { severity: 'warning', message: 'An entry in an archive was not unpacked for safety.', hint: 'Unpack the archive by hand and check what it holds.' },
  ARCHIVE_UNREADABLE: { severity: 'error', message: 'The archive could not be opened.', hint: 'The download may be incomplete; download it again.' },
  // group
  DUPLICATE_FILE: { severity: 'info', message: 'The same file appears more than once.', hint: 'Only one copy is packed.' },
  PATIENT_NAME_UNCONFIRMED: { severity: 'warning', message: 'Files name the patient in two different scripts, and nothing else shows whether they are the same person.', hint: 'Check that these files are the patient\'s. If they are, add the patient\'s ID or date of birth to casepack.yaml (patient: id / birthDate); if not, remove them.' },
  PATIENT_MISMATCH: { severity: 'error', message: 'Files name more than one patient.', hint: 'Remove files that belong to someone else before sending, or confirm they are the same person.' },
  // classification and dates
  DATE_AMBIGUOUS: { severity: 'warning', message: 'A date could be read day-first or month-first.', hint: 'Set dateOrder (DMY or MDY) in casepack.yaml, or give this file\'s date as an override.' },
  DATE_MISSING: { severity: 'info', message: 'No clinical date was found for the document.', hint: 'Give the date in casepack.yaml (overrides) so the document sorts correctly.' },
  CATEGORY_UNCERTAIN: { severity: 'warning', message: 'The document could not be told apart between categories.', hint: 'Set its category in casepack.yaml (overrides).' },
  UNCLASSIFIED: { severity: 'warning', message: 'The document could not be classified.', hint: 'Set its category in casepack.yaml (overrides), or remove it if it does not belong.' },
  DOCUMENT_NOT_ENGLISH: { severity: 'warning', message: 'The document is not in English.', hint: 'The reviewing team may need a certified translation: ask the hospital for an English version or arrange a translation.' },
  PHOTO_NEEDS_REVIEW: { severity: 'info', message: 'A photo could be a picture of a paper report or of a screen; a person should look.', hint: 'If it is a photo of a paper report, take it again flat, straight on and in good light, filling the picture with the page (or scan the page), so its words can be read; otherwise set its category in casepack.yaml (overrides).' },
  CASEFILE_INVALID: { severity: 'error', message: 'casepack.yaml is not valid.', hint: 'Fix the field named in the message; see `casepack init` for a template.' },
  OVERRIDE_UNUSED: { severity: 'warning', message: 'An override in casepack.yaml matches no file.', hint: 'Check the path or pattern of the override.' },
  MARKER_UNITS_DIFFER: { severity: 'warning', message: 'A tumour marker is reported in different units or by different methods: its values are kept as separate series, not converted or joined.', hint: 'Ask the laboratory whether the results are comparable before reading a trend across them; the treatment summary draws each series apart.' },
  // check
  ITEM_MISSING: { severity: 'error', message: 'A required item is missing.', hint: 'Ask the department named for it.' },
  ITEM_RECOMMENDED_MISSING: { severity: 'warning', message: 'A recommended item is missing.', hint: 'Ask the department named for it.' },
  ITEM_PARTIAL: { severity: 'warning', message: 'An item is only partly there.', hint: 'Ask the department named for it.' },
  PRIMARY_REPORT_MISSING: { severity: 'error', message: 'The report itself is missing: its result is quoted only in a letter, note or summary.', hint: 'A summary is not enough for a reviewer: ask the laboratory or department named for the full report.' },
  DOCUMENT_INCOMPLETE: { severity: 'warning', message: 'A document is there but incomplete: parts a reviewer needs are not in it.', hint: 'Ask the department named for the complete report, naming the parts that are missing.' },
  IMAGING_NOT_DICOM: { severity: 'error', message: 'Scans were sent as pictures (JPEG/PNG), not as DICOM files.', hint: 'Ask Radiology for the full DICOM files of the study, not printed or screenshot images.' },
  REQUEST_LETTER_INCOMPLETE: { severity: 'warning', message: 'The request letters lack the sender or some of the patient\'s details.', hint: 'Add sender: (name, email or telephone) and patient: (name, birthDate, id) to casepack.yaml, then write the letters again.' },
  CHECKLIST_INVALID: { severity: 'error', message: 'The checklist is not valid.', hint: 'Fix the field named in the message; `casepack checklists validate <file>` checks it.' },
  REQUEST_OVERDUE: { severity: 'warning', message: 'A request sent to a department has had no full reply for more than 15 business days.', hint: 'Send the department the follow-up wording shown in the report (`check --requests` writes the letter again as a reminder), or telephone them.' },
  REQUEST_ITEM_UNMATCHED: { severity: 'info', message: 'A requested item in casepack.yaml matches no checklist item, so it cannot be ticked off when it arrives.', hint: 'Name the item by its checklist id (e.g. pathology-report) in casepack.yaml requests:, or remove the request once it has arrived.' },
  IMAGING_STUDY_MISSING: { severity: 'warning', message: 'An imaging report has no DICOM study of the same modality and date in the case.', hint: 'Ask Radiology for the DICOM files of that scan, all series, on a CD/DVD or through the image-sharing portal; pictures (JPEG/PNG) do not count.' },
  IMAGING_STUDY_PARTIAL: { severity: 'warning', message: 'A DICOM study holds only a few images or only secondary captures, not the whole scan.', hint: 'Ask Radiology for the complete DICOM study with all its series, not key images or screenshots.' },
  // build and verify
  BUILD_SOURCE_CHANGED: { severity: 'error', message: 'A file changed between scanning and packing.', hint: 'Wait until copying has finished, then build again.' },
  FONT_MISSING_GLYPHS: { severity: 'warning', message: 'A PDF casepack wrote (the index, the cover letter, the treatment summary or a request letter) shows "?" for characters its fonts cannot draw.', hint: 'Check the name or text in the original files; the packet files themselves are unchanged. Latin, Greek, Cyrillic, Arabic, Devanagari, Chinese, Japanese and Korean are drawn; other scripts (Thai, Hebrew …) are not yet.' },
  SENDER_MISSING: { severity: 'info', message: 'No sender is set: the cover letter carries a placeholder where the sender\'s name and contact details belong.', hint: 'Add `sender:` (name, role, organisation, email, phone) to casepack.yaml, or once for every case to the user config ($XDG_CONFIG_HOME/casepack/config.yaml, by default ~/.config/casepack/config.yaml).' },
  BUILD_PDF_COPIED_AS_IS: { severity: 'warning', message: 'A PDF could not be merged and was copied as it is.', hint: 'It is still in the packet under its own name.' },
  VERIFY_MISSING_ENTRY: { severity: 'error', message: 'An entry listed in the manifest is missing from the packet.', hint: 'Ask the sender to send the packet again.' },
  VERIFY_EXTRA_ENTRY: { severity: 'warning', message: 'The packet holds an entry the manifest does not list.', hint: 'Ask the sender whether it belongs to the packet.' },
  VERIFY_CORRUPT_ENTRY: { severity: 'error', message: 'An entry in the packet does not match its checksum: it changed or was damaged in transit.', hint: 'Ask the sender to send the packet again.' },
  VERIFY_NO_MANIFEST: { severity: 'error', message: 'The packet has no manifest, so it cannot be verified.', hint: 'Ask the sender for a packet made by casepack build.' },
  VERIFY_OVERLAPPING_ENTRIES: { severity: 'error', message: 'Entries of the ZIP share the same bytes: a ZIP bomb, not a packet; nothing was unpacked.', hint: 'Do not open this file with other tools; ask the sender to send the packet again.' },
  VERIFY_RATIO_BOMB: { severity: 'error', message: 'An entry would unpack to far more than any real packet holds for its size: a ZIP bomb; it was not unpacked.', hint: 'Do not open this file with other tools; ask the sender to send the packet again.' },
  VERIFY_PACKET_HASH_MISMATCH: { severity: 'error', message: "The packet's SHA-256 is not the one its sender gave: the packet was changed or damaged after it was built.", hint: 'Ask the sender to send the packet again, and compare the SHA-256 with the one casepack build printed.' },
  VERIFY_SIGNATURE_MISSING: { severity: 'error', message: 'A key to check the signature was given, but the packet has no signature beside it (packet.zip.sig).', hint: 'Ask the sender for the .sig file casepack build --sign wrote next to the packet.' },
  VERIFY_SIGNATURE_INVALID: { severity: 'error', message: "The packet's signature does not match the packet or was not made with the given key.", hint: 'Ask the sender to send the packet and its .sig again; check that you have the right public key.' },
  PACKET_TOO_LARGE_TO_UPLOAD: { severity: 'warning', message: 'The packet will be larger than the size limit for sending it (by default 2 GB, what upload portals and file-transfer services take; email stops at about 25 MB).', hint: 'Build it in parts that each fit with `casepack build --split` (documents in part 1, imaging and slides in the others), or send the documents as the packet and share the imaging by link: the hospital\'s image-exchange portal, or a file-transfer link. Set the limit with --max-size (e.g. 500MB) or packet.maxSize in the user config.' },
  PACKET_STUDY_SPLIT: { severity: 'warning', message: 'An imaging study is larger than the size limit on its own, so its series were spread over more than one part.', hint: 'Each part still opens and verifies on its own; tell the reviewer to load all parts that hold the study (the index says which). Or share the study by link (the hospital\'s image-exchange portal) and raise --max-size.' },
  PACKET_STALE_PART: { severity: 'warning', message: 'A part left by an earlier build lies beside the new parts; it does not belong to this packet.', hint: 'Delete it (and its .sha256) before sending, so the reviewing team does not receive a part the index does not list.' },
  PACKET_PART_OVER_LIMIT: { severity: 'warning', message: 'A part of the split packet is larger than the size limit: what it holds cannot be divided further (one file, or the documents of part 1).', hint: 'Share that part by a file-transfer link, or raise --max-size; the other parts fit.' },
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDING_CODES;

export interface FindingOptions {
  message?: string;
  hint?: string;
  severity?: Severity;
  details?: Record<string, unknown>;
}

/** Make a finding from the registry; call sites may sharpen message and hint. */
export function finding(code: FindingCode, paths: string[] | string, options: FindingOptions = {}): Finding {
  const def: FindingDefinition = FINDING_CODES[code];
  const result: Finding = {
    code,
    severity: options.severity ?? def.severity,
    paths: Array.isArray(paths) ? paths : [paths],
    message: options.message ?? def.message,
    hint: options.hint ?? def.hint,
  };
  if (options.details) result.details = options.details;
  return result;
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CODES, code);
}
