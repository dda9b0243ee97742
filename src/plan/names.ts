/**
 * Portable packet names: every name must survive Windows, macOS and Linux,
 * e-mail gateways and old unzip tools. So stems are ASCII, free of characters
 * Windows forbids, never a reserved device name, bounded in length and NFC.
 */

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
export const MAX_COMPONENT_LENGTH = 80;

/** A file-name component made of [A-Za-z0-9._-] only; `fallback` when nothing is left. */
export function portableComponent(raw: string, fallback = 'Untitled', maxLength = MAX_COMPONENT_LENGTH): string {
  const ascii = raw
    .normalize('NFKD')
    // Accents become their base letter (é → e) instead of disappearing with the letter.
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[_.-]+|[_.-]+$/g, '');
  let result = ascii.slice(0, maxLength).replace(/[_.-]+$/g, '');
  if (result === '') result = fallback;
  const stemPart = result.split('.')[0] ?? result;
  if (WINDOWS_RESERVED.test(stemPart)) result = `${result}_`;
  return result.normalize('NFC');
}

/** Split `name.ext` → [`name`, `.ext`] (extension kept lower-case, ASCII, short). */
export function splitExtension(fileName: string): [string, string] {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return [fileName, ''];
  const ext = fileName.slice(dot + 1);
  if (!/^[A-Za-z0-9]{1,8}$/.test(ext)) return [fileName, ''];
  return [fileName.slice(0, dot), `.${ext.toLowerCase()}`];
}

export function baseName(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return slash === -1 ? relPath : relPath.slice(slash + 1);
}

/**
 * Hands out unique paths in the order asked, so the same plan input always
 * gives the same suffixes. Comparison ignores case, because Windows and macOS do.
 */
export class NameRegistry {
  private readonly taken = new Set<string>();

  /** `dir` and `stem` must already be portable; `ext` includes the dot. */
  claim(dir: string, stem: string, ext: string): string {
    for (let n = 1; ; n++) {
      const candidate = `${dir}${n === 1 ? stem : `${stem}_${n}`}${ext}`;
      const key = candidate.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return candidate;
      }
    }
  }

  /** Reserve a folder (claim its path as a name, then write inside it freely). */
  claimFolder(parent: string, name: string): string {
    return `${this.claim(parent, name, '')}/`;
  }

  has(path: string): boolean {
    return this.taken.has(path.toLowerCase());
  }
}

/** `2025-06-02` or `Undated`; never a made-up date. */
export function dateLabel(date: string | null): string {
  return date ?? 'Undated';
}
