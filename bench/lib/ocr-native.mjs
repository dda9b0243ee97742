// The other side of the OCR benchmark: Debian's native tesseract over every
// page image listed in argv[2], `jobs` (argv[3]) processes at a time with
// OMP_THREAD_LIMIT=1, each `--psm 1` (orientation detection, then automatic
// layout, as casepack does). argv[4], when given, is a --tessdata-dir (a folder
// holding eng and osd models), so the same model casepack uses can be compared
// with the one Debian ships. Run under GNU time by bench/ocr.mjs, whose CPU
// seconds then cover every tesseract process (they are this process's children).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const images = (await readFile(process.argv[2], 'utf8')).split('\n').filter(Boolean);
const jobs = Number(process.argv[3] ?? 2);
const tessdata = process.argv[4] || undefined;
const psm = process.argv[5] ?? '1';

function runNative(image) {
  const args = [image, 'stdout', '-l', 'eng', '--psm', psm, ...(tessdata ? ['--tessdata-dir', tessdata] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tesseract exited with ${code} on ${image}`))));
  });
}

const queue = [...images];
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let image = queue.shift(); image; image = queue.shift()) await runNative(image);
}));
