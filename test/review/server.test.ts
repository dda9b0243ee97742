import { cp, readFile, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewChange } from '../../src/review/changes.js';
import { defaultPacketPath, startReviewServer, type ReviewServer } from '../../src/review/server.js';
import { ReviewViewSchema, type ReviewView } from '../../src/review/state.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { fakeApplyChange, fakeThumbnails } from './fake-services.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** Raw HTTP, because fetch will not send a Host or Origin header of the test's choosing. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let server: ReviewServer;
let filesBefore: string;
const changes: ReviewChange[] = [];
const thumbsAsked: string[] = [];
let failNextChange = false;

function post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return request(server.port, {
    method: 'POST', path: `${pathname}?token=${server.token}`, body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${server.port}`, ...headers },
  });
}

/** The case folder's files other than casepack.yaml and its backup: the only writes the page may make. */
async function caseFilesDigest(): Promise<string> {
  const { dir: shadow, cleanup } = await makeTempDir('casepack-review-shadow-');
  try {
    await cp(caseDir, shadow, { recursive: true, preserveTimestamps: true, filter: (src) => !/casepack\.yaml(\.bak)?$/.test(src) });
    return await hashTree(shadow);
  } finally {
    await cleanup();
  }
}

describe('casepack review server', () => {
  beforeAll(async () => {
    temp = await makeTempDir('casepack-review-');
    caseDir = path.join(temp.dir, 'chaos');
    await cp(path.join(ROOT, 'fixtures/chaos-case'), caseDir, { recursive: true, preserveTimestamps: true });
    filesBefore = await caseFilesDigest();
    const apply = fakeApplyChange(changes);
    server = await startReviewServer({
      caseDir,
      applyChange: async (dir, change) => {
        if (failNextChange) { failNextChange = false; throw new Error(`disk trouble at ${dir}/secret`); }
        return apply(dir, change);
      },
      renderThumbnail: fakeThumbnails(thumbsAsked),
      stateOptions: { scan: { ocr: { enabled: false } } },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await temp?.cleanup();
  });

  it('listens on 127.0.0.1 only, on a port of its own', async () => {
    const address = server.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    // Another address of this machine (when it has one) is not answered.
    const outside = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4');
    if (outside) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: outside.address, port: server.port });
        socket.once('connect', () => { socket.destroy(); resolve(false); });
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('refuses every request without the token (403)', async () => {
    for (const p of ['/', '/review.js', '/api/state', '/thumb?path=reports/ct-report.pdf', '/strings.json']) {
      expect((await request(server.port, { path: p })).status, p).toBe(403);
    }
    expect((await request(server.port, { path: '/api/state?token=0000' })).status).toBe(403);
    expect((await request(server.port, { path: `/api/state?token=${server.token.slice(0, -1)}x` })).status).toBe(403);
    const answer = await post('/api/change', { kind: 'leave-out', path: 'notes.txt', value: true }, {});
    expect(answer.status).toBe(200);
    const noToken = await request(server.port, { method: 'POST', path: '/api/change', body: JSON.stringify({ kind: 'leave-out', path: 'notes.txt', value: false }), headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${server.port}` } });
    expect(noToken.status).toBe(403);
    expect(changes.at(-1)).toEqual({ kind: 'leave-out', path: 'notes.txt', value: true });
  });

  it('serves the page with the token and sets a cookie that stands for it after', async () => {
    const page = await request(server.port, { path: `/?token=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`casepack_review_${server.port}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await request(server.port, { path: '/api/state', headers: { Cookie: `casepack_review_${server.port}=${server.token}` } });
    expect(withCookie.status).toBe(200);
    // Another review's cookie (another port) is not this one's.
    expect((await request(server.port, { path: '/api/state', headers: { Cookie: `casepack_review_${server.port + 1}=${server.token}` } })).status).toBe(403);
    expect(ReviewViewSchema.parse(JSON.parse(withCookie.body)).caseName).toBe('chaos');
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const answer = await request(server.port, { path: `/api/state?token=${server.token}`, headers: { Host: host } });
      expect(answer.status, host).toBe(403);
    }
    expect((await request(server.port, { path: `/api/state?token=${server.token}`, headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('refuses a POST from a foreign or missing Origin (CSRF)', async () => {
    const count = changes.length;
    const body = { kind: 'leave-out', path: 'notes.txt', value: false };
    expect((await post('/api/change', body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/change', body, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await post('/api/change', body, { Origin: 'null' })).status).toBe(403);
    const noOrigin = await request(server.port, { method: 'POST', path: `/api/change?token=${server.token}`, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect(noOrigin.status).toBe(403);
    expect((await post('/api/done', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect(changes.length).toBe(count);
  });

  it('sends the strict headers on every answer, refusals included', async () => {
    for (const answer of [await request(server.port, { path: `/?token=${server.token}` }), await request(server.port, { path: '/api/state' }), await request(server.port, { path: `/nothing?token=${server.token}` })]) {
      expect(answer.headers['content-security-policy']).toContain("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('the page loads nothing from elsewhere and runs no inline script', async () => {
    const html = (await request(server.port, { path: `/?token=${server.token}` })).body;
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<)|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/i);
    expect(html).not.toMatch(/<style/i);
  });

  it('applies a correction and answers with the re-checked case', async () => {
    const state = JSON.parse((await request(server.port, { path: `/api/state?token=${server.token}` })).body) as ReviewView;
    const photo = state.documents.find((d) => d.path === 'photos/lab-results.jpg');
    expect(photo?.category).toBe('other');
    const labsBefore = state.checklist.items.find((i) => i.id.includes('lab'));
    const answer = await post('/api/change', { kind: 'category', path: 'photos/lab-results.jpg', category: 'lab-results' });
    expect(answer.status).toBe(200);
    const view = ReviewViewSchema.parse(JSON.parse(answer.body));
    const fixed = view.documents.find((d) => d.path === 'photos/lab-results.jpg');
    expect(fixed).toMatchObject({ category: 'lab-results', previousCategory: 'other', changed: ['category'] });
    const labsAfter = view.checklist.items.find((i) => i.id === labsBefore?.id);
    if (labsBefore) expect(labsAfter?.satisfiedBy).toContain('photos/lab-results.jpg');
    expect(await readFile(path.join(caseDir, 'casepack.yaml'), 'utf8')).toContain('lab-results');
    // And the same answer on a fresh GET: the server keeps it.
    const again = JSON.parse((await request(server.port, { path: `/api/state?token=${server.token}` })).body) as ReviewView;
    expect(again.documents.find((d) => d.path === 'photos/lab-results.jpg')?.category).toBe('lab-results');
  });

  it('a study is left out by its folder pattern', async () => {
    const state = JSON.parse((await request(server.port, { path: `/api/state?token=${server.token}` })).body) as ReviewView;
    const study = state.studies.find((s) => s.modalities.includes('CT'));
    expect(study?.path).toBe('{CD/DICOM/**,scan.dcm.gz!/**}');
    expect(study).toBeDefined();
    const answer = await post('/api/change', { kind: 'leave-out', path: study?.path, value: true });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as ReviewView).studies.find((s) => s.uid === study?.uid)?.leftOut).toBe(true);
    const back = await post('/api/change', { kind: 'leave-out', path: study?.path, value: false });
    expect((JSON.parse(back.body) as ReviewView).studies.find((s) => s.uid === study?.uid)?.leftOut).toBe(false);
  });

  it('refuses a malformed change or a path that is not in the case, in words, without a stack', async () => {
    const count = changes.length;
    const bad = await post('/api/change', { kind: 'date', path: 'notes.txt', date: '31/12/2024' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'bad-change' });
    const outside = await post('/api/change', { kind: 'leave-out', path: '../../etc/passwd', value: true });
    expect(outside.status).toBe(400);
    expect(JSON.parse(outside.body)).toEqual({ error: 'unknown-file' });
    const notJson = await request(server.port, { method: 'POST', path: `/api/change?token=${server.token}`, body: 'kind=leave-out', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://127.0.0.1:${server.port}` } });
    expect(notJson.status).toBe(415);
    expect(changes.length).toBe(count);
    failNextChange = true;
    const failed = await post('/api/change', { kind: 'leave-out', path: 'notes.txt', value: true });
    expect(failed.status).toBe(500);
    expect(failed.body).toBe('{"error":"failed"}');
  });

  it('every message the server can send has words on the page', async () => {
    const strings = JSON.parse(await readFile(path.join(ROOT, 'assets/review/strings.en.json'), 'utf8')) as Record<string, string>;
    const source = await readFile(path.join(ROOT, 'src/review/server.ts'), 'utf8');
    const codes = new Set([...source.matchAll(/HttpError\(\d+, '([a-z-]+)'/g), ...source.matchAll(/error: '([a-z-]+)'/g), ...source.matchAll(/'(refused|disk-full|build-failed)'/g)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThan(5);
    for (const code of codes) expect(strings[`error.${code}`], code).toBeTruthy();
  });

  it('serves thumbnails of the scan\'s files only, with cache headers, and nothing when there is no picture', async () => {
    const pdf = await request(server.port, { path: `/thumb?path=${encodeURIComponent('reports/ct-report.pdf')}&token=${server.token}` });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('image/png');
    expect(pdf.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(thumbsAsked.at(-1)).toBe(path.join(caseDir, 'reports/ct-report.pdf'));
    const photo = await request(server.port, { path: `/thumb?path=${encodeURIComponent('photos/lab-results.jpg')}&token=${server.token}` });
    expect(photo.status).toBe(204);
    const asked = thumbsAsked.length;
    for (const p of ['../../etc/passwd', '/etc/passwd', 'notes.txt', 'missing.pdf']) {
      expect((await request(server.port, { path: `/thumb?path=${encodeURIComponent(p)}&token=${server.token}` })).status, p).toBe(404);
    }
    expect(thumbsAsked.length).toBe(asked);
  });

  it('streams a build\'s progress and its result as server-sent events', async () => {
    const { dir, cleanup } = await makeTempDir('casepack-review-build-');
    const output = path.join(dir, 'packet.zip');
    const built = await startReviewServer({
      caseDir, state: server.state, output,
      applyChange: fakeApplyChange(), renderThumbnail: fakeThumbnails(),
      build: async (_root, options) => {
        options.onProgress?.({ phase: 'zip', files: 1, totalFiles: 2, bytes: 10, totalBytes: 20 });
        return { written: true, output: options.output, packetBytes: 1234, packetSha256: 'ab'.repeat(32), findings: [] } as never;
      },
    });
    try {
      // The page cannot choose where the packet goes (into the case, over another file): that is the command line's.
      const chosen = await request(built.port, { method: 'POST', path: `/api/build?token=${built.token}`, body: JSON.stringify({ output: path.join(caseDir, 'x.zip') }), headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${built.port}`, Host: `127.0.0.1:${built.port}` } });
      expect(chosen.status).toBe(400);
      const answer = await request(built.port, { method: 'POST', path: `/api/build?token=${built.token}`, body: '{}', headers: { 'Content-Type': 'application/json', Origin: `http://localhost:${built.port}`, Host: `localhost:${built.port}` } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(answer.body).toContain('event: progress\ndata: {"phase":"zip","files":1,"totalFiles":2,"bytes":10,"totalBytes":20}');
      const done = /event: done\ndata: (.*)\n/.exec(answer.body);
      expect(JSON.parse(done?.[1] ?? '{}')).toMatchObject({ written: true, output, bytes: 1234, sha256: 'ab'.repeat(32) });
    } finally {
      await built.close();
      await cleanup();
    }
  });

  it('the default packet goes beside the case folder, never inside it', () => {
    expect(defaultPacketPath('/cases/anna/')).toBe('/cases/anna-packet.zip');
    expect(path.dirname(defaultPacketPath(caseDir))).toBe(path.dirname(caseDir));
  });

  it('wrote nothing into the case folder but casepack.yaml and its backup', async () => {
    expect(await caseFilesDigest()).toBe(filesBefore);
    expect((await stat(path.join(caseDir, 'casepack.yaml'))).isFile()).toBe(true);
  });

  it('stops when the page says it is done', async () => {
    let stopped = false;
    void server.done.then(() => { stopped = true; });
    const answer = await post('/api/done', {});
    expect(answer.status).toBe(200);
    await server.done;
    expect(stopped).toBe(true);
  });
});
