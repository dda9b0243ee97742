import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeZip } from '../support/fuzz-zip.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Privacy at run time, proven on the real CLI (dist/, built by `npm test`):
 * - no socket of any kind is opened by scan, check or build: a preloaded
 *   module makes every way out (TCP/TLS/HTTP via net.Socket#connect, fetch,
 *   UDP, DNS) record the attempt and throw;
 * - output names files, never their contents: document text appears in
 *   `--json` only with `--include-text`, and never in errors or reports on
 *   the terminal.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/casepack');
const SECRET = 'SECRETBODYTEXT7731';
const MARK = 'CASEPACK-NETWORK-ATTEMPT';

const GUARD = `
import net from 'node:net';
import dgram from 'node:dgram';
import dns from 'node:dns';
import { writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const refuse = (what) => function () {
  writeSync(2, '${MARK} ' + what + '\\n');
  throw new Error('network access attempted: ' + what);
};
net.Socket.prototype.connect = refuse('net.Socket#connect');
net.connect = net.createConnection = refuse('net.connect');
dgram.Socket.prototype.send = refuse('dgram send');
dgram.Socket.prototype.bind = refuse('dgram bind');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
globalThis.fetch = refuse('fetch');
syncBuiltinESMExports();
`;

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let guard: string;
type Run = ReturnType<typeof cli>;
let runs: { scan: Run; scanJson: Run; check: Run; build: Run } | undefined;

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, ['--import', guard, BIN, ...args], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000', ...env }, timeout: 120_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  temp = await makeTempDir('casepack-privacy-');
  guard = path.join(temp.dir, 'no-network.mjs');
  await writeFile(guard, GUARD);
  caseDir = path.join(temp.dir, 'case');
  await mkdir(path.join(caseDir, 'CT'), { recursive: true });
  await writeFile(path.join(caseDir, 'CT', 'IM0001'), writeDicom({ patientName: 'PRIVATE^PATIENT', patientId: 'P1', modality: 'CT', studyDate: '20240301', rows: 4, columns: 4, pixelData: { length: 32 } }));
  await writeFile(path.join(caseDir, 'pathology.pdf'), await makeReportPdf({
    title: 'Surgical Pathology Report', fields: [['Date of procedure', '12/09/2025']],
    sections: [{ heading: 'Diagnosis', blocks: ['Invasive carcinoma of the breast.', `Further comment: ${SECRET} was noted.`] }],
  }));
  // The secret sits in the body, not on a title or date line: what this test proves is that the
  // extracted text stays out (titles and date lines are left out too since issue 13, test/e2e/json-privacy).
  await writeFile(path.join(caseDir, 'note.txt'), `Clinic letter\nDate: 2025-10-01\n\nThe patient was seen today.\n${SECRET} remains under review.\n`);
  // An iPhone HEIC photo of a letter: decoded in-process by libheif's wasm, which must fetch nothing either (issue 14).
  await copyFile(path.join(ROOT, 'fixtures/photos/demo-dietetic-letter.heic'), path.join(caseDir, 'IMG_4127.HEIC'));
  await writeFile(path.join(caseDir, 'portal.zip'), makeZip([{ name: 'letter.txt', data: `Referral letter\nDate: 2025-09-01\n\nPlease see this patient.\n${SECRET} details follow.\n`, deflate: true }]));
}, 60_000);
afterAll(async () => temp?.cleanup());

describe('privacy of a run (CLI from dist/)', () => {
  it('the guard really catches a network attempt (so a silent run means none was made)', () => {
    const probe = spawnSync(process.execPath, ['--import', guard, '-e', "try { fetch('http://127.0.0.1:9'); } catch {} try { require('node:net').connect(9, '127.0.0.1'); } catch {}"], { encoding: 'utf8' });
    expect(probe.stderr).toContain(`${MARK} fetch`);
    expect(probe.stderr).toContain(`${MARK} net.`);
  });

  it('scan, check and build open no socket and leave the case unchanged', async () => {
    const before = await hashTree(caseDir);
    runs = {
      scan: cli(['scan', caseDir]),
      scanJson: cli(['scan', caseDir, '--json']),
      check: cli(['check', caseDir]),
      build: cli(['build', caseDir, '-o', path.join(temp.dir, 'packet.zip')]),
    };
    for (const run of Object.values(runs)) {
      expect(run.err).not.toContain(MARK);
      expect(run.status, run.err).not.toBe(3);
      expect(run.status).not.toBeNull();
    }
    expect(await hashTree(caseDir)).toBe(before);
  }, 300_000);

  it('names files, not their contents: text only with --include-text', () => {
    expect(runs, 'needs the runs of the test above').toBeDefined();
    for (const run of [runs!.scan, runs!.scanJson, runs!.check, runs!.build]) {
      expect(run.out + run.err).not.toContain(SECRET);
    }
    expect(runs!.scanJson.out).toContain('pathology.pdf');
    // The same run with the flag does carry the text: the assertion above can fail.
    const withText = cli(['scan', caseDir, '--json', '--include-text']);
    expect(withText.out).toContain(SECRET);
  }, 300_000);
});
