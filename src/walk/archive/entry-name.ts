/**
 * Safety of a name stored in an archive, decided before anything is written.
 * Archive names are untrusted input: `../../.bashrc`, `/etc/passwd` and
 * `C:\Windows` are classic "zip slip" attacks.
 */
export type NameRefusal = 'absolute-path' | 'parent-path' | 'bad-characters' | 'empty-name';

export type NameCheck = { ok: true; path: string; isDirectory: boolean } | { ok: false; reason: NameRefusal };

export function checkEntryName(raw: string): NameCheck {
  // Windows tools store backslashes; treat them as separators before judging.
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\0')) return { ok: false, reason: 'bad-characters' };
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { ok: false, reason: 'absolute-path' };
  const segments = name.split('/');
  if (segments.includes('..')) return { ok: false, reason: 'parent-path' };
  const isDirectory = name.endsWith('/');
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return isDirectory ? { ok: true, path: '', isDirectory } : { ok: false, reason: 'empty-name' };
  return { ok: true, path: kept.join('/'), isDirectory };
}
