import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The scan's action, replaced so each command line's reading can be compared without scanning anything.
const runScan = vi.hoisted(() => vi.fn(async (_casePath: string, _flags: object) => undefined));
vi.mock('../../src/cli/commands/scan-run.js', () => ({ runScan }));

const { buildProgram, run } = await import('../../src/cli/main.js');
const { readScanArgs } = await import('../../src/cli/scan-args.js');

/** What commander hands the scan's action for this command line, or undefined when it refuses the line. */
async function commanderReading(words: string[]): Promise<{ casePath: string; flags: object; color: unknown } | undefined> {
  const argv = ['node', 'casepack', ...words];
  runScan.mockClear();
  const program = await buildProgram(argv);
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    await program.parseAsync(argv);
  } catch {
    return undefined;
  }
  const call = runScan.mock.calls[0];
  if (!call) return undefined;
  return { casePath: call[0], flags: call[1], color: (program.opts() as { color?: boolean }).color };
}

let compared = 0;
async function expectSameReading(words: string[]): Promise<void> {
  const ours = readScanArgs(['node', 'casepack', ...words]);
  if (ours === undefined) return; // commander reads it, as before
  compared++;
  const theirs = await commanderReading(words);
  expect(theirs, words.join(' ')).toBeDefined();
  expect({ casePath: ours.casePath, flags: { ...ours.flags }, color: ours.color }, words.join(' ')).toEqual({ ...theirs, flags: { ...theirs?.flags } });
}

beforeEach(() => { runScan.mockClear(); });

describe('the scan command line read without commander', () => {
  it('reads the plain forms as commander does', async () => {
    const lines = [
      ['scan', 'case'],
      ['scan', '--json', 'case'],
      ['scan', 'case', '--json', '--include-text', '--include-identity'],
      ['--no-color', 'scan', 'case', '-q'],
      ['scan', 'case', '--color', '--quiet', '--explain'],
      ['--color', 'scan', '--no-color', 'case'],
      ['scan', 'case', '--no-ocr', '--no-cache', '--jobs', '3', '--ocr-lang', 'eng+spa', '--ocr-model', 'best', '--config', 'my config.yaml'],
      ['scan', '--config', '', 'case'],
      ['scan', ''],
      ['scan', 'case', '--jobs', '1', '--jobs', '2'],
      ['scan', 'help'],
      ['scan', 'scan'],
    ];
    for (const words of lines) {
      expect(readScanArgs(['node', 'casepack', ...words]), words.join(' ')).toBeDefined();
      await expectSameReading(words);
    }
  });

  it('leaves everything else to commander (help, version, errors, unusual forms)', () => {
    const lines = [
      ['scan'], ['scan', '--help'], ['scan', '-h'], ['scan', 'a', 'b'], ['scan', 'case', '--jsn'], ['--json', 'scan', 'case'],
      ['scan', 'case', '--jobs'], ['scan', 'case', '--jobs', '-1'], ['scan', 'case', '--jobs=2'], ['scan', '--', 'case'],
      ['scan', 'case', '-qv'], ['--version'], ['check', 'case'], ['build', 'case'], ['help', 'scan'], [], ['scan', 'case', '--ocr'],
    ];
    for (const words of lines) expect(readScanArgs(['node', 'casepack', ...words]), words.join(' ')).toBeUndefined();
  });

  it('any mix of the scan\'s words is read as commander reads it, or left to commander', async () => {
    const switches = fc.constantFrom('--json', '--explain', '--include-text', '--include-identity', '-q', '--quiet', '--no-ocr', '--no-cache', '--color', '--no-color');
    const valued = fc.tuple(fc.constantFrom('--ocr-lang', '--ocr-model', '--jobs', '--config'), fc.constantFrom('eng', '4', '', 'a b', '-1', '--json'));
    const odd = fc.constantFrom('scan', 'other', '', '-', '--', '-v', '--help', '--json=1', '-qq', '--ocr', '--jobs');
    const item = fc.oneof({ arbitrary: switches.map((w) => [w]), weight: 6 }, { arbitrary: valued, weight: 3 }, { arbitrary: odd.map((w) => [w]), weight: 1 });
    const line = fc.oneof(
      // Mostly a scan's line: colour flags, the command, its flags with the folder among them.
      fc.tuple(fc.array(fc.constantFrom('--color', '--no-color', '--json', 'case'), { maxLength: 2 }), fc.array(item, { maxLength: 6 }), fc.nat(6))
        .map(([pre, items, at]) => { const rest: string[] = items.flat(); rest.splice(at % (rest.length + 1), 0, 'case'); return [...pre, 'scan', ...rest]; }),
      fc.array(fc.oneof(switches, odd), { maxLength: 8 }),
    );
    await fc.assert(fc.asyncProperty(line, async (words) => { await expectSameReading(words); }), { numRuns: 400 });
    // The words are drawn so that a good share of the lines are read here, and so compared.
    expect(compared).toBeGreaterThan(20);
  });

  it('runs the scan through the same action, with the colour choice set', async () => {
    process.exitCode = undefined;
    const code = await run(['node', 'casepack', '--no-color', 'scan', 'case', '--json']);
    expect(code).toBe(0);
    expect(runScan).toHaveBeenCalledWith('case', { ocr: true, cache: true, json: true });
  });
});
