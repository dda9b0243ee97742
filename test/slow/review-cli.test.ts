import { spawn, type ChildProcess } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, makeTempDir } from '../support/tree.js';

/** `casepack review` as a person runs it: the built CLI, an address printed, stopped from the page or by Ctrl-C. */
const ROOT = path.resolve(import.meta.dirname, '../..');
let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;

function startCli(): { child: ChildProcess; url: Promise<URL>; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/casepack'), 'review', '--no-open', '--no-ocr', caseDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: ':0' } });
  let text = '';
  const url = new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /Review page: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})/.exec(text);
      if (found?.[1]) resolve(new URL(found[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.once('exit', () => reject(new Error(`casepack review exited early: ${text}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, output: () => text, exit };
}

function call(url: URL, method: string, pathname: string, origin?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, method, path: `${pathname}?token=${url.searchParams.get('token')}`, headers: { Host: url.host, ...(origin ? { Origin: origin, 'Content-Type': 'application/json' } : {}) } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (method === 'POST') req.write('{}');
    req.end();
  });
}

describe('casepack review (CLI)', () => {
  beforeAll(async () => {
    temp = await makeTempDir('casepack-review-cli-');
    caseDir = path.join(temp.dir, 'chaos');
    await cp(path.join(ROOT, 'fixtures/chaos-case'), caseDir, { recursive: true, preserveTimestamps: true });
  });
  afterAll(async () => { await temp?.cleanup(); });

  it('prints a tokened 127.0.0.1 address, serves the case, and stops when the page is done', async () => {
    const before = await hashTree(caseDir);
    const run = startCli();
    const url = await run.url;
    // Not a TTY: no browser was started, however DISPLAY is set.
    const state = await call(url, 'GET', '/api/state');
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body)).toMatchObject({ caseName: 'chaos' });
    expect((await call(url, 'POST', '/api/done', url.origin)).status).toBe(200);
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('Stopped.');
    expect(run.output()).not.toMatch(/\bat .*\.js:\d+/);
    expect(await hashTree(caseDir)).toBe(before);
  });

  it('stops on Ctrl-C', async () => {
    const run = startCli();
    await run.url;
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect([0, 130]).toContain(code);
  });
});
