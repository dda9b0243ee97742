import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../support/tree.js';

// A bug deep in the scan must end as exit 3 ("the tool failed"), never as 1 ("incomplete case").
vi.mock('../../src/pipeline/scan.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/pipeline/scan.js')>();
  return {
    ...original,
    // checkCaseFolder reads the case file once, then scans the opened case.
    scanOpenedCase: async (...args: Parameters<typeof original.scanOpenedCase>) => {
      if (args[0].endsWith('boom')) throw new TypeError('Cannot read properties of undefined (reading \'x\')');
      return original.scanOpenedCase(...args);
    },
  };
});

const { run } = await import('../../src/cli/main.js');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { stdout += String(c); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { stderr += String(c); return true; });
  try {
    process.exitCode = undefined;
    return { code: await run(['node', 'casepack', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe('a crash is exit 3, never "incomplete"', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('single case: exit 3, a plain message without a stack trace', async () => {
    await mkdir(path.join(dir, 'boom'));
    const { code, stderr } = await cli('check', path.join(dir, 'boom'));
    expect(code).toBe(3);
    expect(stderr).toMatch(/the tool failed: Cannot read properties/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('batch: the other cases are still checked; the crash outranks incomplete; JUnit records an error', async () => {
    await mkdir(path.join(dir, 'boom'));
    await mkdir(path.join(dir, 'empty'));
    const junit = path.join(dir, 'j.xml');
    const { code, stdout } = await cli('check', path.join(dir, 'empty'), path.join(dir, 'boom'), '--json', '--junit', junit);
    expect(code).toBe(3);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; exitCode?: number });
    expect(lines.map((l) => l.status)).toEqual(['incomplete', 'error']);
    expect(lines[1]?.exitCode).toBe(3);
    expect(await readFile(junit, 'utf8')).toMatch(/<error message="the tool failed: Cannot read properties[^"]*" type="exit-3"\/>/);
  });
});
