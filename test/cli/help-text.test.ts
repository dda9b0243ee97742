import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedStatuses, type HelpTopic } from '../../src/cli/help-text.js';
import { runCliInProcess } from '../support/cli.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The codes of the README's "Exit status" table (`| 130 / 143 |` counts both). */
function readmeStatuses(): number[] {
  const table = README.split('## Exit status')[1]?.split('\n## ')[0] ?? '';
  return [...table.matchAll(/^\| ([\d /]+) \|/gm)].flatMap((m) => (m[1] ?? '').split('/').map((s) => Number(s.trim())));
}

const COMMANDS: [HelpTopic, string[]][] = [
  ['scan', ['scan']], ['check', ['check']], ['build', ['build']], ['verify', ['verify']],
  ['init', ['init']], ['checklists', ['checklists']], ['cache', ['cache']], ['casepack', []],
  ['checklists', ['checklists', 'validate']], ['cache', ['cache', 'clear']],
];

describe('--help of every command', () => {
  it.each(COMMANDS)('%s %j shows examples of itself and its exit status', async (topic, args) => {
    const { code, stdout } = await runCliInProcess([...args, '--help']);
    expect(code).toBe(0);
    const examples = stdout.split('Examples:\n')[1]?.split('\n\n')[0] ?? '';
    expect(examples.split('\n').length).toBeGreaterThanOrEqual(2);
    for (const line of examples.split('\n')) expect(line).toMatch(topic === 'casepack' ? /\$ casepack / : new RegExp(`casepack ${topic}\\b`));
    const status = stdout.split('Exit status:\n')[1] ?? '';
    for (const code of documentedStatuses(topic)) expect(status).toMatch(new RegExp(`^  ${code}\\s`, 'm'));
    expect(documentedStatuses(topic)).toEqual(expect.arrayContaining([0, 2, 3]));
  });

  it('documents no code the README table does not explain, and the table documents 0 to 3 and the signals', () => {
    const table = readmeStatuses();
    expect(table).toEqual(expect.arrayContaining([0, 1, 2, 3, 130, 143]));
    for (const [topic] of COMMANDS) for (const code of documentedStatuses(topic)) expect(table, `${topic}: ${code}`).toContain(code);
  });

  it('the program help lists -v, --color and --no-color', async () => {
    const { stdout } = await runCliInProcess(['--help']);
    expect(stdout).toMatch(/-v, --version/);
    expect(stdout).toContain('--color');
    expect(stdout).toContain('--no-color');
  });
});
