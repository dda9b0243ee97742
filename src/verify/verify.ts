import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { TextWriter, ZipReader, configure, type Entry, type FileEntry } from '@zip.js/zip.js';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { MANIFEST_JSON, MANIFEST_SHA256 } from '../plan/plan.js';
import { ManifestSchema, parseSha256sum, type Manifest } from '../write/manifest-schema.js';
import { FileHandleReader } from './file-reader.js';
import { UsageError } from '../util/errors.js';

// Offline CLI: no Web Workers, no blob: URLs; zip.js then inflates and decrypts on the main thread.
configure({ useWebWorkers: false });

export class VerifyUsageError extends UsageError {
  constructor(readonly reason: 'not-found' | 'password-required' | 'wrong-password', message: string) {
    super(message);
  }
}

export interface VerifyResult {
  valid: boolean;
  encrypted: boolean;
  /** Entries whose SHA-256 was recomputed and compared. */
  checked: number;
  entries: number;
  manifest: Pick<Manifest, 'tool' | 'case' | 'generatedAt'> | null;
  findings: Finding[];
}

function isFile(entry: Entry): entry is FileEntry {
  return !entry.directory;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function sha256Of(entry: FileEntry, password: string | undefined): Promise<string> {
  const hash = createHash('sha256');
  const sink = new WritableStream<Uint8Array>({ write(chunk) { hash.update(chunk); } });
  await entry.getData(sink, { password, checkSignature: true });
  return hash.digest('hex');
}

async function textOf(entry: FileEntry, password: string | undefined): Promise<string> {
  return entry.getData(new TextWriter('utf-8'), { password, checkSignature: true });
}

function passwordProblem(err: unknown): VerifyUsageError | undefined {
  const message = errorName(err);
  if (/invalid password/i.test(message)) return new VerifyUsageError('wrong-password', 'the password is wrong for this packet');
  if (/encrypted|password/i.test(message)) return new VerifyUsageError('password-required', 'this packet is encrypted: give its password (prompt or CASEPACK_PASSWORD)');
  return undefined;
}

/** Reads an entry's text, or undefined when it cannot be read; a password problem is the user's and is thrown. */
async function readManifestText(entry: FileEntry | undefined, password: string | undefined): Promise<string | undefined> {
  if (!entry) return undefined;
  try {
    return await textOf(entry, password);
  } catch (err) {
    const problem = passwordProblem(err);
    if (problem) throw problem;
    return undefined;
  }
}

interface Manifests {
  manifest: Manifest | null;
  sums: Map<string, string> | null;
}

/** Both manifests are read; either alone is enough to verify, and they must agree. */
async function readManifests(byName: ReadonlyMap<string, FileEntry>, password: string | undefined): Promise<Manifests> {
  let manifest: Manifest | null = null;
  let sums: Map<string, string> | null = null;
  const manifestText = await readManifestText(byName.get(MANIFEST_JSON), password);
  if (manifestText !== undefined) {
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(manifestText));
      if (parsed.success) manifest = parsed.data;
    } catch { /* not JSON: damaged, reported by expectedHashes */ }
  }
  const sumsText = await readManifestText(byName.get(MANIFEST_SHA256), password);
  if (sumsText !== undefined) {
    try { sums = parseSha256sum(sumsText); } catch { /* damaged, reported by expectedHashes */ }
  }
  return { manifest, sums };
}

/** Path → SHA-256 from both manifests, with a finding where they disagree or one is damaged. */
function expectedHashes({ manifest, sums }: Manifests, byName: ReadonlyMap<string, FileEntry>, findings: Finding[]): Map<string, string> {
  const expected = new Map<string, string>();
  for (const e of manifest?.entries ?? []) expected.set(e.path, e.sha256);
  for (const [p, h] of sums ?? []) {
    const listed = expected.get(p);
    if (listed !== undefined && listed !== h) findings.push(finding('VERIFY_CORRUPT_ENTRY', [MANIFEST_JSON, MANIFEST_SHA256], { message: `The two manifests disagree about ${p}: one of them was changed.` }));
    if (!expected.has(p)) expected.set(p, h);
  }
  if (byName.has(MANIFEST_JSON) && !manifest) findings.push(finding('VERIFY_CORRUPT_ENTRY', MANIFEST_JSON, { message: 'manifest.json is damaged; the packet was checked against manifest-sha256.txt.' }));
  if (byName.has(MANIFEST_SHA256) && !sums) findings.push(finding('VERIFY_CORRUPT_ENTRY', MANIFEST_SHA256, { message: 'manifest-sha256.txt is damaged; the packet was checked against manifest.json.' }));
  return expected;
}

/** Recomputes every listed entry's SHA-256; returns how many were compared. */
async function checkEntries(entries: readonly FileEntry[], expected: ReadonlyMap<string, string>, password: string | undefined, findings: Finding[]): Promise<number> {
  let checked = 0;
  for (const entry of entries) {
    if (entry.filename === MANIFEST_SHA256) continue;
    const want = expected.get(entry.filename);
    if (want === undefined) {
      if (entry.filename !== MANIFEST_JSON) findings.push(finding('VERIFY_EXTRA_ENTRY', entry.filename));
      continue;
    }
    let got: string;
    try {
      got = await sha256Of(entry, password);
    } catch (err) {
      const problem = passwordProblem(err);
      if (problem) throw problem;
      findings.push(finding('VERIFY_CORRUPT_ENTRY', entry.filename, { details: { error: errorName(err) } }));
      continue;
    }
    checked++;
    if (got !== want) findings.push(finding('VERIFY_CORRUPT_ENTRY', entry.filename));
  }
  return checked;
}

/**
 * The receiving side's check: every entry's SHA-256 recomputed and compared
 * with manifest.json and manifest-sha256.txt (which must agree), so anything
 * lost, added or changed in transit is named. Reads the ZIP lazily from disk.
 */
export async function verifyPacket(zipPath: string, options: { password?: string } = {}): Promise<VerifyResult> {
  const info = await stat(zipPath).catch(() => undefined);
  if (!info?.isFile()) throw new VerifyUsageError('not-found', `packet not found: ${zipPath}`);
  const file = new FileHandleReader(zipPath);
  const reader = new ZipReader(file);
  let entries: FileEntry[];
  try {
    entries = (await reader.getEntries()).filter(isFile);
  } catch (err) {
    await file.close();
    return { valid: false, encrypted: false, checked: 0, entries: 0, manifest: null, findings: [finding('VERIFY_NO_MANIFEST', [], { message: `The packet is not a readable ZIP archive (${errorName(err)}).`, hint: 'The download or copy may be incomplete; ask the sender to send the packet again.' })] };
  }
  try {
    const encrypted = entries.some((e) => e.encrypted);
    if (encrypted && options.password === undefined) throw new VerifyUsageError('password-required', 'this packet is encrypted: give its password (prompt or CASEPACK_PASSWORD)');
    const byName = new Map(entries.map((e) => [e.filename, e]));
    const manifests = await readManifests(byName, options.password);
    if (!manifests.manifest && !manifests.sums) {
      return { valid: false, encrypted, checked: 0, entries: entries.length, manifest: null, findings: [finding('VERIFY_NO_MANIFEST', [])] };
    }
    const findings: Finding[] = [];
    const expected = expectedHashes(manifests, byName, findings);
    const checked = await checkEntries(entries, expected, options.password, findings);
    for (const p of expected.keys()) if (!byName.has(p)) findings.push(finding('VERIFY_MISSING_ENTRY', p));
    const { manifest } = manifests;
    return {
      // Any difference from the manifest, even an added file, means the packet is not what was sent.
      valid: findings.length === 0,
      encrypted,
      checked,
      entries: entries.length,
      manifest: manifest ? { tool: manifest.tool, case: manifest.case, generatedAt: manifest.generatedAt } : null,
      findings,
    };
  } finally {
    await reader.close();
    await file.close();
  }
}
