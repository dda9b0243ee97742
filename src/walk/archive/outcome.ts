/** What unpacking one archive produced, before it is turned into scan entries and findings. */
export interface UnpackedEntry {
  /** Path inside the archive, POSIX, checked safe. */
  inner: string;
  /** Where it was written, inside the private temp folder. */
  absPath: string;
  size: number;
  /** The date stored in the archive (the unpacked copy carries it too). */
  mtimeMs: number;
}

export type RefusalReason =
  | 'absolute-path' | 'parent-path' | 'bad-characters' | 'empty-name'
  | 'link' | 'special-file' | 'encrypted' | 'duplicate-name' | 'name-conflict'
  | 'too-many-entries' | 'too-large' | 'compression-ratio' | 'total-size'
  | 'archive-expansion' | 'disk-space';

export interface RefusedEntry {
  /** The name as stored (may be hostile: shown, never used as a path). */
  inner: string;
  reason: RefusalReason;
  /** For `too-many-entries`: how many entries were left unread. */
  count?: number;
}

export interface DamagedEntry {
  inner: string;
  reason: string;
}

export interface UnpackOutcome {
  entries: UnpackedEntry[];
  refused: RefusedEntry[];
  damaged: DamagedEntry[];
  /** Set when the archive as a whole could not be opened or read. */
  unreadable?: string;
}

export function emptyOutcome(): UnpackOutcome {
  return { entries: [], refused: [], damaged: [] };
}
