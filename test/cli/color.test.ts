import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/cli/output.js';
import { runCliInProcess } from '../support/cli.js';

const ANSI = /\u001b\[\d+m/;
const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it('--no-color and --color win; then FORCE_COLOR; then NO_COLOR; then a terminal', () => {
    expect(colorLevel(tty, {}, undefined)).toBe(1);
    expect(colorLevel(pipe, {}, undefined)).toBe(0);
    expect(colorLevel(tty, { TERM: 'dumb' }, undefined)).toBe(0);
    expect(colorLevel(tty, { NO_COLOR: '1' }, undefined)).toBe(0);
    // no-color.org: an empty NO_COLOR does not count.
    expect(colorLevel(tty, { NO_COLOR: '' }, undefined)).toBe(1);
    expect(colorLevel(pipe, { FORCE_COLOR: '1' }, undefined)).toBe(1);
    expect(colorLevel(pipe, { FORCE_COLOR: '' }, undefined)).toBe(1);
    expect(colorLevel(pipe, { FORCE_COLOR: '3' }, undefined)).toBe(3);
    expect(colorLevel(tty, { FORCE_COLOR: '0' }, undefined)).toBe(0);
    expect(colorLevel(tty, { FORCE_COLOR: 'false' }, undefined)).toBe(0);
    expect(colorLevel(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined)).toBe(1);
    expect(colorLevel(tty, { FORCE_COLOR: '3' }, false)).toBe(0);
    expect(colorLevel(pipe, { NO_COLOR: '1' }, true)).toBe(1);
    expect(colorLevel(pipe, { FORCE_COLOR: '2' }, true)).toBe(2);
  });

  it('reaches the output of a command, before or after its name, and is reset for the next run', async () => {
    const plain = await runCliInProcess(['checklists']);
    expect(plain.stdout).not.toMatch(ANSI);
    expect((await runCliInProcess(['checklists', '--color'])).stdout).toMatch(ANSI);
    expect((await runCliInProcess(['--color', 'checklists'])).stdout).toMatch(ANSI);
    expect((await runCliInProcess(['checklists'], { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await runCliInProcess(['checklists', '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await runCliInProcess(['checklists'])).stdout).toBe(plain.stdout);
  });
});
