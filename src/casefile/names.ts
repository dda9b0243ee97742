/** casepack's own file names in a case folder: zod- and yaml-free, for the walk and an empty scan's start-up. */
export const CASE_FILE_NAME = 'casepack.yaml';
/** The previous casepack.yaml, kept by `casepack review` before each change it writes. */
export const CASE_FILE_BACKUP_NAME = 'casepack.yaml.bak';

/** casepack's own files in a case folder (the case file, its backup, a write in progress): never scanned or packed. */
export function isCaseFileArtifact(relPath: string): boolean {
  return relPath === CASE_FILE_NAME || relPath === CASE_FILE_BACKUP_NAME || /^\.casepack\.yaml(?:\.bak)?\.\d+\.[0-9a-f]+\.tmp$/.test(relPath);
}
