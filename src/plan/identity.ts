import type { FileEntry } from '../model/scan.js';
import type { LeftOut } from './schema.js';

/**
 * Another person's file (`belongsToAnotherPerson`) stays out of the packet (unless casepack.yaml keeps
 * it on purpose). The detail says where the identity was seen, never whose it
 * is: manifest.json travels in the packet, and the stranger's name must not.
 */
export function otherPersonLeftOut(file: FileEntry): LeftOut {
  if (file.identity?.stated) {
    return { source: file.path, reason: 'other-person', detail: file.identity.viaStudy ? 'belongs to another person (casepack.yaml says so of its imaging study)' : 'belongs to another person (casepack.yaml says so)' };
  }
  const where = file.identity?.viaStudy
    ? 'its imaging study names that person in the DICOM headers'
    : file.identity?.source === 'pdf-text'
      ? 'name/date of birth/ID on the page'
      : file.identity?.source === 'ocr-text'
        ? 'name/date of birth/ID read by OCR on the scanned page or photo'
        : 'name/ID seen in the DICOM header';
  return { source: file.path, reason: 'other-person', detail: `belongs to another person (${where})` };
}
