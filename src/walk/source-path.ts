import { caseFilePath } from './archive/index.js';
import { rawNamePath } from './raw-names.js';

/**
 * Where a stage that knows only the case root and a file's case-relative path
 * (the packet writer) opens it: a file unpacked from an archive in the case,
 * one whose name is not UTF-8 (through its link), or the file in the case folder.
 */
export function caseSourcePath(root: string, relPath: string): string {
  return rawNamePath(root, relPath) ?? caseFilePath(root, relPath);
}
