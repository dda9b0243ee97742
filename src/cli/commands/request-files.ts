import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile } from '../../casefile/schema.js';
import type { CheckResult } from '../../model/check.js';
import type { Finding } from '../../model/finding.js';
import { buildReleaseLetters } from '../../report/release-letters.js';
import { buildRequestLetters, renderToDoText } from '../../report/request-letters.js';
import { renderLetterPdf } from '../../write/request-pdf.js';
import { documentMissingGlyphsFinding } from '../../write/glyph-finding.js';

/** The family's own list beside the letters (passport copies, the question for the reviewer). */
export const TODO_FILE = 'Before_sending.txt';

/** Files a previous run wrote: removed first, so a request that has since been met is not sent again. */
const OWN_FILE = /^(?:\d{2}_[A-Za-z0-9_]+\.(?:pdf|txt)|Release_of_information_[A-Za-z_]+\.(?:pdf|txt)|Before_sending\.txt)$/;

export interface WrittenRequests {
  dir: string;
  files: string[];
  /** The release-of-information forms among `files` (PDF and text each). */
  releaseForms: number;
  /** Request letters among `files` (PDF and text each). */
  letters: number;
  findings: Finding[];
}

/**
 * Write one PDF and one text file per department into `dir` (created when
 * absent), and the family's to-do list. The caller has made sure `dir` is not
 * inside the case folder. Only files of casepack's own naming are replaced.
 */
export async function writeRequestFiles(dir: string, check: CheckResult, caseFile: CaseFile | undefined): Promise<WrittenRequests> {
  const { letters, toDo, findings } = buildRequestLetters(check, caseFile);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) if (OWN_FILE.test(name)) await rm(path.join(dir, name), { force: true });
  const date = new Date(`${check.asOf}T12:00:00Z`);
  const files: string[] = [];
  for (const letter of letters) {
    const pdf = path.join(dir, `${letter.fileStem}.pdf`);
    const txt = path.join(dir, `${letter.fileStem}.txt`);
    await writeFile(pdf, await renderLetterPdf(letter.document, date, (characters) => {
      if (characters.length > 0) findings.push(documentMissingGlyphsFinding(path.basename(pdf), characters));
    }));
    await writeFile(txt, letter.text);
    files.push(pdf, txt);
  }
  // The signed authorisations records offices and pathology ask for before they release anything.
  const releases = buildReleaseLetters(check, caseFile);
  for (const release of releases) {
    const pdf = path.join(dir, `${release.fileStem}.pdf`);
    const txt = path.join(dir, `${release.fileStem}.txt`);
    await writeFile(pdf, await renderLetterPdf(release.document, date));
    await writeFile(txt, release.text);
    files.push(pdf, txt);
  }
  const todo = renderToDoText(toDo);
  if (todo) {
    await writeFile(path.join(dir, TODO_FILE), todo);
    files.push(path.join(dir, TODO_FILE));
  }
  return { dir, files, letters: letters.length, releaseForms: releases.length, findings };
}

/** "Wrote 3 request letters (PDF and text) to requests/." */
export function describeWritten(written: WrittenRequests, letters: number): string {
  if (written.files.length === 0) return `Nothing to request: no letters written to ${written.dir}.`;
  const what = letters ? `${letters} request letter${letters === 1 ? '' : 's'} (PDF and text)` : 'no request letters';
  const releases = written.releaseForms ? `, and ${written.releaseForms} release-of-information form${written.releaseForms === 1 ? '' : 's'} for the patient to sign` : '';
  const todo = written.files.some((f) => path.basename(f) === TODO_FILE) ? ` and ${TODO_FILE}` : '';
  return `Wrote ${what}${todo} to ${written.dir}${releases}`;
}
