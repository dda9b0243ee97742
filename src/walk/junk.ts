/** OS clutter that never holds a medical document. */
const JUNK_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db', '.localized', '.spotlight-v100', '.trashes', '.fseventsd', '.temporaryitems', '$recycle.bin', 'system volume information']);
const JUNK_DIRS = new Set(['__macosx', '.spotlight-v100', '.trashes', '.fseventsd', '.temporaryitems', '$recycle.bin', 'system volume information', '.git']);

export function isJunkFile(name: string): boolean {
  const lower = name.toLowerCase();
  return JUNK_NAMES.has(lower) || name.startsWith('._');
}

export function isJunkDir(name: string): boolean {
  return JUNK_DIRS.has(name.toLowerCase());
}
