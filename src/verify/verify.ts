import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { ZipReader, configure, type Entry, type FileEntry } from '@zip.js/zip.js';
import { finding } from '../findings/codes.js';
import type { Finding } from '../model/finding.js';
import { MANIFEST_JSON, MANIFEST_SHA256 } from '../plan/plan.js';
import { ManifestSchema, parseSha256sum, type Manifest } from '../write/manifest-schema.js';
import { FileHandleReader } from './file-reader.js';
import { nativelyReadable, nativeSha256 } from './native-entry.js';
import { checkAnchor, parseExpectedSha256, startPacketHash, type PacketAnchor } from './anchor.js';
import { checkSignature, loadTrustedKeys, type SignatureCheck } from './signature.js';
import { InflateGuard, inflateBudget, overBudget, overlappingEntries, ratioBombs } from './zip-limits.js';
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
  /** The packet's own SHA-256 and what it was compared with. */
  anchor: PacketAnchor;
  /** The `.sig` beside the packet: whether there is one, and whether it was checked. */
  signature: SignatureCheck;
  findings: Finding[];
}

function isFile(entry: Entry): entry is FileEntry {
  return !entry.directory;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The largest manifest read into memory; casepack's own for 100,000 files is ~20 MB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

async function sha256Of(entry: FileEntry, password: string | undefined, guard: InflateGuard): Promise<string> {
  const hash = createHash('sha256');
  let size = 0;
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      guard.count(entry, size, chunk);
      size += chunk.length;
      hash.update(chunk);
    },
  });
  await entry.getData(sink, { password, checkSignature: true });
  return hash.digest('hex');
}

async function textOf(entry: FileEntry, password: string | undefined, guard: InflateGuard): Promise<string> {
  if (entry.uncompressedSize > MAX_MANIFEST_BYTES) throw new Error(`the manifest declares ${entry.uncompressedSize} bytes, more than any real one`);
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      guard.count(entry, size, chunk);
      size += chunk.length;
      chunks.push(Buffer.from(chunk));
    },
  });
  await entry.getData(sink, { password, checkSignature: true });
  return Buffer.concat(chunks).toString('utf8');
}

function passwordProblem(err: unknown): VerifyUsageError | undefined {
  const message = errorName(err);
  if (/invalid password/i.test(message)) return new VerifyUsageError('wrong-password', 'the password is wrong for this packet');
  if (/encrypted|password/i.test(message)) return new VerifyUsageError('password-required', 'this packet is encrypted: give its password (prompt or CASEPACK_PASSWORD)');
  return undefined;
}

/** Reads an entry's text, or undefined when it cannot be read; a password problem is the user's and is thrown. */
async function readManifestText(entry: FileEntry | undefined, password: string | undefined, guard: InflateGuard): Promise<string | undefined> {
  if (!entry) return undefined;
  try {
    return await textOf(entry, password, guard);
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
async function readManifests(byName: ReadonlyMap<string, FileEntry>, password: string | undefined, guard: InflateGuard): Promise<Manifests> {
  let manifest: Manifest | null = null;
  let sums: Map<string, string> | null = null;
  const manifestText = await readManifestText(byName.get(MANIFEST_JSON), password, guard);
  if (manifestText !== undefined) {
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(manifestText));
      if (parsed.success) manifest = parsed.data;
    } catch { /* not JSON: damaged, reported by expectedHashes */ }
  }
  const sumsText = await readManifestText(byName.get(MANIFEST_SHA256), password, guard);
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

interface EntryCheck {
  file: FileHandleReader;
  expected: ReadonlyMap<string, string>;
  refused: ReadonlySet<Entry>;
  password: string | undefined;
  guard: InflateGuard;
}

/** Recomputes every listed entry's SHA-256; returns how many were compared. */
async function checkEntries(entries: readonly FileEntry[], check: EntryCheck, findings: Finding[]): Promise<number> {
  let checked = 0;
  for (const entry of entries) {
    if (entry.filename === MANIFEST_SHA256 || check.refused.has(entry)) continue;
    const want = check.expected.get(entry.filename);
    if (want === undefined) {
      if (entry.filename !== MANIFEST_JSON) findings.push(finding('VERIFY_EXTRA_ENTRY', entry.filename));
      continue;
    }
    let got: string;
    try {
      got = nativelyReadable(entry)
        ? await nativeSha256(check.file.path, check.file.fileHandle, entry, check.guard)
        : await sha256Of(entry, check.password, check.guard);
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

/** casepack writes no folder entries: one in a received packet was added after the build. */
function folderEntryFindings(entries: readonly Entry[]): Finding[] {
  return entries.filter((e) => e.directory).map((e) => finding('VERIFY_EXTRA_ENTRY', e.filename, {
    message: 'The packet holds a folder entry; casepack writes none, so it was added after the packet was built.',
  }));
}

type ContentsResult = Omit<VerifyResult, 'anchor' | 'signature'>;

function unreadable(err: unknown): ContentsResult {
  return { valid: false, encrypted: false, checked: 0, entries: 0, manifest: null, findings: [finding('VERIFY_NO_MANIFEST', [], { message: `The packet is not a readable ZIP archive (${errorName(err)}).`, hint: 'The download or copy may be incomplete; ask the sender to send the packet again.' })] };
}

/** Refusals from the ZIP's layout alone, before anything is inflated (B6). */
async function layoutRefusals(file: FileHandleReader, entries: readonly Entry[], zipBytes: number): Promise<{ fatal: Finding | undefined; refused: Set<Entry>; findings: Finding[] }> {
  const overlap = await overlappingEntries(file, entries);
  if (overlap) return { fatal: overlap, refused: new Set(), findings: [] };
  const bombs = ratioBombs(entries);
  const fatal = overBudget(entries.filter((e) => !bombs.refused.has(e)), zipBytes);
  return { fatal, ...bombs };
}

/** The manifests against the entries: what is inside the ZIP, without any anchor outside it. */
async function verifyContents(zipPath: string, zipBytes: number, password: string | undefined): Promise<ContentsResult> {
  const file = new FileHandleReader(zipPath);
  const reader = new ZipReader(file);
  let all: Entry[];
  try {
    all = await reader.getEntries();
  } catch (err) {
    await file.close();
    return unreadable(err);
  }
  try {
    const entries = all.filter(isFile);
    const encrypted = entries.some((e) => e.encrypted);
    const layout = await layoutRefusals(file, all, zipBytes);
    if (layout.fatal) return { valid: false, encrypted, checked: 0, entries: all.length, manifest: null, findings: [layout.fatal] };
    if (encrypted && password === undefined) throw new VerifyUsageError('password-required', 'this packet is encrypted: give its password (prompt or CASEPACK_PASSWORD)');
    const guard = new InflateGuard(inflateBudget(zipBytes));
    const byName = new Map(entries.filter((e) => !layout.refused.has(e)).map((e) => [e.filename, e]));
    const manifests = await readManifests(byName, password, guard);
    const findings: Finding[] = [...layout.findings, ...folderEntryFindings(all)];
    if (!manifests.manifest && !manifests.sums) {
      return { valid: false, encrypted, checked: 0, entries: all.length, manifest: null, findings: [...findings, finding('VERIFY_NO_MANIFEST', [])] };
    }
    const expected = expectedHashes(manifests, byName, findings);
    const checked = await checkEntries(entries, { file, expected, refused: layout.refused, password, guard }, findings);
    const present = new Set(entries.map((e) => e.filename));
    for (const p of expected.keys()) if (!present.has(p)) findings.push(finding('VERIFY_MISSING_ENTRY', p));
    const { manifest } = manifests;
    // Any difference from the manifest, even an added file, means the packet is not what was sent.
    return { valid: findings.length === 0, encrypted, checked, entries: all.length, manifest: manifest ? { tool: manifest.tool, case: manifest.case, generatedAt: manifest.generatedAt } : null, findings };
  } finally {
    await reader.close();
    await file.close();
  }
}

export interface VerifyOptions {
  password?: string;
  /** The packet's SHA-256 as its sender gave it (`verify --expect`). */
  expectSha256?: string;
  /** An OpenSSH public key line or allowed_signers file that must have signed the packet (`verify --key`). */
  publicKeyFile?: string;
}

/**
 * The receiving side's check: every entry's SHA-256 recomputed and compared
 * with manifest.json and manifest-sha256.txt (which must agree), so anything
 * lost, added or changed in transit is named. Reads the ZIP lazily from disk.
 * The manifests travel inside the ZIP, so a packet edited together with them
 * is caught only by an anchor outside it: the packet's SHA-256 (the
 * `.sha256` sidecar or `--expect`) and its signature (`--key`).
 */
export async function verifyPacket(zipPath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const info = await stat(zipPath).catch(() => undefined);
  if (!info?.isFile()) throw new VerifyUsageError('not-found', `packet not found: ${zipPath}`);
  const expectSha256 = options.expectSha256 === undefined ? undefined : parseExpectedSha256(options.expectSha256);
  const trusted = options.publicKeyFile === undefined ? undefined : await loadTrustedKeys(options.publicKeyFile);
  const hashing = startPacketHash(zipPath, info.size);
  let contents: ContentsResult;
  try {
    contents = await verifyContents(zipPath, info.size, options.password);
  } catch (err) {
    hashing.stop();
    throw err;
  }
  const anchor = await checkAnchor(zipPath, expectSha256, hashing);
  const signature = await checkSignature(zipPath, trusted);
  const findings = [...contents.findings, ...anchor.findings, ...signature.findings];
  return { ...contents, valid: findings.length === 0, anchor: anchor.anchor, signature: signature.signature, findings };
}
