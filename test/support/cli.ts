import { vi } from 'vitest';
import { run } from '../../src/cli/main.js';

/**
 * Runs the CLI in this process, as `casepack <args>` with `env` added, and
 * returns its exit status and what it printed. Faster than a child process,
 * and coverage sees the code; the e2e tests that need a real process spawn bin/.
 */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  process.exitCode = undefined;
  try {
    const code = await run(['node', 'casepack', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    process.exitCode = undefined;
  }
}
