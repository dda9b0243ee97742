import { spawnSync } from 'node:child_process';

/** True when a command (a Debian peer tool) is on PATH. Callers warn loudly about what they skip. */
export function toolOnPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
