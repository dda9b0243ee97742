import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFlagsForChild, ProcessPagePool } from '../../src/extract/ocr/page-process-client.js';
import type { PageJob } from '../../src/extract/ocr/page-worker.js';

/**
 * Issue 10 (memory): the OCR page pool runs in a child process started with
 * its own glibc malloc settings (one arena, big blocks mapped apart). These hold it to the in-process pool's contract:
 * started only when a page comes, a page that cannot be read is an answer (not
 * a crash), cancelling answers at once, a child that dies fails its pages and
 * is replaced, and no child outlives the engine or its parent. The pages here
 * fail before any recognition (a missing file), so no model is loaded.
 */

const LIMITS = { pageTimeoutMs: 120_000, maxHeapMb: 256, recyclePages: 4 };
const SLOW = 120_000;
const missingPage = (name: string): Omit<PageJob, 'id'> => ({
  absPath: path.join('/nonexistent-casepack-test', `${name}.png`), kind: 'image', pageIndex: 0, dpi: 300,
  models: { langPath: '/nonexistent-casepack-test', languages: ['eng'] },
});

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const end = Date.now() + withinMs; Date.now() < end;) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

const pools: ProcessPagePool[] = [];
afterEach(async () => { await Promise.all(pools.splice(0).map((p) => p.close())); });
function newPool(): ProcessPagePool {
  const pool = new ProcessPagePool(1, LIMITS);
  pools.push(pool);
  return pool;
}

describe('OCR page pool in a child process', () => {
  it('passes its Node flags on to the child, but not those that would run another script', () => {
    expect(nodeFlagsForChild(['--import', 'tsx', '--input-type=module', '-e', 'code()', '--max-old-space-size=512'])).toEqual(['--import', 'tsx', '--max-old-space-size=512']);
    expect(nodeFlagsForChild(['--import=/guard.mjs', '-p', '1+1', '--watch', '--test'])).toEqual(['--import=/guard.mjs']);
  });

  it('starts its child only for a page, with its malloc settings, answers a page it cannot read, and stops the child on close', async () => {
    const pool = newPool();
    expect(pool.childPid).toBeUndefined();
    const reply = await pool.run(missingPage('a'));
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.reason).not.toMatch(/stopped unexpectedly|cancelled/);
    const pid = pool.childPid;
    expect(pid).toBeTypeOf('number');
    if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined && process.env.MALLOC_MMAP_THRESHOLD_ === undefined) {
      const environment = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      expect(environment).toContain('MALLOC_ARENA_MAX=1');
      expect(environment).toContain('MALLOC_MMAP_THRESHOLD_=1048576');
    }
    await pool.close();
    expect(alive(pid!)).toBe(false);
  }, SLOW);

  it('answers a cancelled page as cancelled and goes on reading the next one', async () => {
    const pool = newPool();
    const controller = new AbortController();
    const cancelled = pool.run(missingPage('b'), controller.signal);
    controller.abort();
    expect(await cancelled).toMatchObject({ ok: false, reason: 'cancelled' });
    const next = await pool.run(missingPage('c'));
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.reason).not.toMatch(/stopped unexpectedly|cancelled/);
  }, SLOW);

  it('fails the pages of a child that dies and starts a new child for the next page', async () => {
    const pool = newPool();
    const pending = pool.run(missingPage('d'));
    const first = pool.childPid!;
    process.kill(first, 'SIGKILL');
    expect(await pending).toMatchObject({ ok: false, reason: 'the page reader stopped unexpectedly' });
    const next = await pool.run(missingPage('e'));
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.reason).not.toMatch(/stopped unexpectedly/);
    expect(pool.childPid).not.toBe(first);
  }, SLOW);

  it('lets a caller with nothing else to wait for finish after close (an idle child keeps nothing alive, a closing one is waited for)', async () => {
    const client = path.resolve(import.meta.dirname, '../../src/extract/ocr/page-process-client.ts');
    const script = `
      import { ProcessPagePool } from ${JSON.stringify(client)};
      const pool = new ProcessPagePool(1, ${JSON.stringify(LIMITS)});
      await pool.run(${JSON.stringify(missingPage('g'))});
      const pid = pool.childPid;
      await pool.close();
      console.log('closed', pid);`;
    const caller = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    caller.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    const code = await new Promise<number | null>((resolve) => caller.once('close', resolve));
    expect(code).toBe(0);
    const closed = /closed (\d+)/.exec(output);
    expect(closed, 'the caller ended before close() returned').not.toBeNull();
    expect(alive(Number(closed![1]))).toBe(false);
  }, SLOW);

  it('ignores Ctrl-C (its parent decides) and ends when its parent is killed, leaving no orphan', async () => {
    const client = path.resolve(import.meta.dirname, '../../src/extract/ocr/page-process-client.ts');
    const script = `
      import { ProcessPagePool } from ${JSON.stringify(client)};
      const pool = new ProcessPagePool(1, ${JSON.stringify(LIMITS)});
      await pool.run(${JSON.stringify(missingPage('f'))});
      console.log(pool.childPid);
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.setEncoding('utf8').on('data', (line: string) => resolve(Number(line.trim())));
      parent.once('exit', () => reject(new Error('the parent ended before printing its child')));
    });
    expect(alive(childPid)).toBe(true);
    process.kill(childPid, 'SIGINT');
    // Generous bounds for a loaded machine: this checks that the child ends, not how fast.
    expect(await gone(childPid, 1_000)).toBe(false);
    parent.kill('SIGKILL');
    expect(await gone(childPid, 15_000)).toBe(true);
  }, SLOW);
});
