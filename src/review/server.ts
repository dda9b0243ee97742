import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { checkForPacket } from '../check/packet-view.js';
import { buildPacket, type BuildOptions, type BuildProgress, type BuildResult } from '../pipeline/build.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { isDiskFull, UsageError } from '../util/errors.js';
import { releaseExpandedArchives } from '../walk/archive/index.js';
import { ReviewChangeSchema, type ApplyReviewChange } from './changes.js';
import { fileOf, openReviewState, thumbnailFamilyOf, type ReviewState, type ReviewStateOptions } from './state.js';
import type { RenderThumbnail } from './thumbnail-types.js';
import { packagePath } from '../util/package-root.js';

/** The page's files, shipped in the package's `assets/review/` (two levels above this module in src/ and dist/ alike). */
const PAGE_DIR = packagePath('assets/review/');
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/review.js': { file: 'review.js', type: 'text/javascript; charset=utf-8' },
  '/review.css': { file: 'review.css', type: 'text/css; charset=utf-8' },
  '/strings.json': { file: 'strings.en.json', type: 'application/json; charset=utf-8' },
};

/** Cookies ignore ports: each server names its own, so two reviews open at once (two cases) do not log each other out. */
const cookieName = (port: number): string => `casepack_review_${port}`;
const MAX_BODY_BYTES = 1024 * 1024;

/** Nothing the page loads comes from elsewhere, and nothing it runs is inline. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const BuildRequestSchema = z.object({}).strict();

/** How the page's build is run: the library's `buildPacket` unless a test gives its own. */
export type BuildFromPage = (root: string, options: BuildOptions) => Promise<BuildResult>;

export interface ReviewServerOptions {
  caseDir: string;
  /** Writes a correction into casepack.yaml (the CLI gives `applyReviewChange`; tests a fake). */
  applyChange: ApplyReviewChange;
  /** Small pictures of files (the CLI gives `renderThumbnail`; tests a fake). */
  renderThumbnail: RenderThumbnail;
  /** The case as scanned and checked; opened here when not given. */
  state?: ReviewState;
  stateOptions?: ReviewStateOptions;
  /** Where the page's build writes the packet (outside the case): default `<case folder>-packet.zip` beside it. */
  output?: string;
  /** Replace a file already at `output` (a packet this session built is always replaced). */
  force?: boolean;
  build?: BuildFromPage;
  /** The secret the URL carries (tests may fix it); default 32 random bytes. */
  token?: string;
}

export interface ReviewServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  server: Server;
  state: ReviewState;
  /** Resolves when the page says it is done (POST /api/done) or `close` is called. */
  done: Promise<void>;
  close(): Promise<void>;
}

/** The default packet path: beside the case folder, never inside it (as `build -o` must be). */
export function defaultPacketPath(caseDir: string): string {
  const resolved = path.resolve(caseDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}-packet.zip`);
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail?: string) {
    super(code);
  }
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': type, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

/** Errors reach the page as a code its strings explain; a UsageError's message is written for people and may go with it. */
function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.code, ...(err.detail ? { detail: err.detail } : {}) });
    return;
  }
  if (isDiskFull(err)) { sendJson(res, 507, { error: 'disk-full' }); return; }
  if (err instanceof UsageError) { sendJson(res, 400, { error: 'refused', detail: err.message }); return; }
  sendJson(res, 500, { error: 'failed' });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // Only a script of this page can send JSON here: a form from elsewhere cannot set this type without a preflight.
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'bad-request');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'bad-request');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'bad-request');
  }
}

/**
 * The local server behind `casepack review`: bound to 127.0.0.1 on a free
 * port, every request carrying the URL's token (or the cookie the first page
 * load sets), a Host naming this address (DNS rebinding), and on POST an Origin
 * of this address (another site's page cannot write here).
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const root = options.caseDir;
  const token = options.token ?? randomBytes(32).toString('hex');
  const state = options.state ?? await openReviewState(root, options.stateOptions);
  const output = path.resolve(options.output ?? defaultPacketPath(root));
  const build = options.build ?? buildPacket;
  const page = new Map<string, Buffer>();
  for (const [route, { file }] of Object.entries(PAGE_FILES)) page.set(route, await readFile(path.join(PAGE_DIR, file)));

  let port = 0;
  let building = false;
  let builtHere = false;
  // Corrections are written one after another: two at once would each read the case file the other is changing.
  let queue: Promise<unknown> = Promise.resolve();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!allowedHosts().has(req.headers.host ?? '')) throw new HttpError(403, 'forbidden');
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (!sameSecret(queryToken, token) && !sameSecret(cookieToken(req, cookieName(port)), token)) throw new HttpError(403, 'forbidden');
    if (req.method === 'POST' && !allowedOrigins().has(req.headers.origin ?? '')) throw new HttpError(403, 'forbidden');

    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const asset = req.method === 'GET' ? page.get(url.pathname) : undefined;
    if (asset) {
      const cookie = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      send(res, 200, asset, PAGE_FILES[url.pathname]?.type ?? 'application/octet-stream', url.pathname === '/' ? { 'Set-Cookie': cookie } : {});
      return;
    }
    switch (route) {
      case 'GET /api/state':
        sendJson(res, 200, state.view);
        return;
      case 'POST /api/change': {
        const parsed = ReviewChangeSchema.safeParse(await readJsonBody(req));
        if (!parsed.success) throw new HttpError(400, 'bad-change');
        const change = parsed.data;
        const known = 'path' in change ? isKnownPath(change.path) : true;
        if (!known) throw new HttpError(400, 'unknown-file');
        const view = await (queue = queue.catch(() => undefined).then(async () => {
          await options.applyChange(root, change);
          return state.refresh();
        }));
        sendJson(res, 200, view);
        return;
      }
      case 'GET /thumb':
        await sendThumbnail(url, res);
        return;
      case 'POST /api/build':
        if (!BuildRequestSchema.safeParse(await readJsonBody(req)).success) throw new HttpError(400, 'bad-request');
        await runBuild(res);
        return;
      case 'POST /api/done':
        sendJson(res, 200, { stopped: true });
        finish();
        return;
      default:
        throw new HttpError(404, 'not-found');
    }
  }

  /** A study's pattern (`CD/**`) or a file of the scan: a change names nothing else. */
  function isKnownPath(target: string): boolean {
    return fileOf(state.checked.scan, target) !== undefined || state.view.studies.some((s) => s.path === target);
  }

  async function sendThumbnail(url: URL, res: ServerResponse): Promise<void> {
    const rel = url.searchParams.get('path') ?? '';
    const file = fileOf(state.checked.scan, rel);
    const family = file ? thumbnailFamilyOf(file) : undefined;
    // Only files of the scan, by their case-relative path: the page cannot name anything else on disk.
    if (!file || !family) throw new HttpError(404, 'not-found');
    const thumb = await options.renderThumbnail({ file: state.absPathOf(rel), family, maxSide: 320 }).catch(() => null);
    if (!thumb) {
      res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'private, max-age=3600' });
      res.end();
      return;
    }
    send(res, 200, thumb.bytes, thumb.mime, { 'Cache-Control': 'private, max-age=3600' });
  }

  async function runBuild(res: ServerResponse): Promise<void> {
    if (building) throw new HttpError(409, 'build-running');
    building = true;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    const event = (name: string, data: unknown): void => { res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`); };
    try {
      const { scan, check, caseFile } = state.checked;
      const exists = await stat(output).then(() => true, () => false);
      const packetView = checkForPacket(check, scan);
      const result = await build(root, {
        output,
        force: (exists && builtHere) || (options.force ?? false),
        scan,
        caseFile,
        check,
        texts: state.texts,
        reports: { html: renderHtml(packetView, scan), markdown: renderMarkdown(packetView, scan) },
        onProgress: (p: BuildProgress) => event('progress', p),
      });
      if (result.written) builtHere = true;
      event('done', {
        written: result.written,
        output: result.output,
        bytes: result.packetBytes,
        sha256: result.packetSha256,
        missing: check.items.filter((i) => i.status === 'missing' || i.status === 'partial').map((i) => ({ title: i.title, severity: i.severity, status: i.status })),
      });
    } catch (err) {
      const code = err instanceof UsageError ? 'refused' : isDiskFull(err) ? 'disk-full' : 'build-failed';
      event('failed', { error: code, ...(err instanceof UsageError ? { detail: err.message } : {}) });
    } finally {
      building = false;
      res.end();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) { res.end(); return; }
      sendError(res, err);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const close = async (): Promise<void> => {
    finish();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // The archives the scan unpacked privately: nothing reads them after the page is gone.
    await releaseExpandedArchives(root);
  };
  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token, server, state, done, close };
}
