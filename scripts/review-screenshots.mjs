// Screenshots of the review page (docs/review/*.png) on the chaos case: at
// start, after a fix, during and after a build, and at 200% zoom.
//
//   npm run build && node --import tsx scripts/review-screenshots.mjs [--fake-edit]
//
// Needs Chromium (/usr/bin/chromium or CASEPACK_CHROMIUM). --fake-edit writes
// corrections with the tests' stand-in (test/review/fake-services.ts) instead
// of src/review/casefile-edit.ts, for a branch where that is not built yet.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startReviewServer } from '../src/review/server.ts';
import { applyReviewChange } from '../src/review/casefile-edit.ts';
import { renderThumbnail } from '../src/review/thumbnails.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/review');
const CHROMIUM = process.env.CASEPACK_CHROMIUM ?? '/usr/bin/chromium';
const fake = process.argv.includes('--fake-edit');

const work = mkdtempSync(path.join(tmpdir(), 'casepack-review-shots-'));
const caseDir = path.join(work, 'chaos-case');
const made = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), caseDir], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`make-chaos-case failed: ${made.stderr}`);

const applyChange = fake ? (await import('../test/review/fake-services.ts')).fakeApplyChange() : applyReviewChange;
const server = await startReviewServer({ caseDir, applyChange, renderThumbnail, output: path.join(work, 'chaos-case-packet.zip'), stateOptions: { scan: { ocr: { enabled: false } } } });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
mkdirSync(OUT, { recursive: true });
const written = [];
const shot = async (page, name, options = {}) => {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  written.push(`${path.relative(ROOT, file)} (${Math.round(statSync(file).size / 1024)} KB)`);
};
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
  await page.goto(server.url);
  await page.locator('#checklist').waitFor();
  await shot(page, 'start');

  const photo = page.locator('li[data-path="photos/lab-results.jpg"]');
  await photo.locator('select').selectOption('lab-results');
  await page.locator('#status', { hasText: 'Saved' }).waitFor();
  await page.locator('li[data-path="reports/ct-report.pdf"] button', { hasText: 'Leave out' }).click();
  await page.locator('li[data-path="reports/ct-report.pdf"] button', { hasText: 'Put it back in' }).waitFor();
  await photo.scrollIntoViewIfNeeded();
  await shot(page, 'after-fix');

  await page.locator('#build').scrollIntoViewIfNeeded();
  await page.locator('#build').click();
  await page.locator('#build-phase').filter({ hasText: /\S/ }).waitFor();
  await shot(page, 'during-build');
  await page.locator('#packet-sha256').waitFor({ timeout: 120_000 });
  await page.locator('#build-result').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'after-build');

  // 200% zoom: half the CSS width at twice the pixel density, as a browser zoomed to 200% lays it out.
  const zoomed = await browser.newPage({ viewport: { width: 500, height: 650 }, deviceScaleFactor: 2 });
  await zoomed.goto(server.url);
  await zoomed.locator('li[data-path="photos/lab-results.jpg"]').scrollIntoViewIfNeeded();
  await shot(zoomed, 'zoom-200');
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
for (const line of written) console.log(line);
