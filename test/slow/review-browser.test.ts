import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPacket } from '../../src/verify/verify.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server.js';
import { hashTree, makeTempDir } from '../support/tree.js';
import { applyReviewChange } from '../../src/review/casefile-edit.js';
import { renderThumbnail } from '../../src/review/thumbnails.js';

/**
 * The review page in a real browser (Debian's Chromium, headless, driven by
 * playwright-core): a person fixes a wrong guess, leaves a document out, sees
 * the checklist change, writes the question for the reviewers, builds, and
 * the packet verifies. `.ci/run` installs Chromium; elsewhere this skips loudly.
 * In test/slow: a scan, a browser and a build take about 45 s on 2 busy cores.
 */
const CHROMIUM = process.env['CASEPACK_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`\n*** SKIPPED: the review page's browser test needs Chromium at ${CHROMIUM} (apt-get install chromium, or set CASEPACK_CHROMIUM) ***\n`);

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
let server: ReviewServer;
let browser: Browser;
let page: Page;

/** The case folder's files other than casepack.yaml and its backup. */
async function caseFilesDigest(): Promise<string> {
  const { dir: shadow, cleanup } = await makeTempDir('casepack-review-shadow-');
  try {
    await cp(caseDir, shadow, { recursive: true, preserveTimestamps: true, filter: (src) => !/casepack\.yaml(\.bak)?$/.test(src) });
    return await hashTree(shadow);
  } finally {
    await cleanup();
  }
}

const card = (p: string): string => `li[data-path="${p}"]`;
const itemStatus = (id: string): Promise<string | null> => page.locator(`li[data-item="${id}"]`).getAttribute('data-status');

describe.runIf(haveBrowser)('casepack review in Chromium', () => {
  let before: string;
  beforeAll(async () => {
    temp = await makeTempDir('casepack-review-browser-');
    caseDir = path.join(temp.dir, 'chaos');
    const made = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/make-chaos-case.mjs'), caseDir], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`make-chaos-case failed: ${made.stderr}`);
    before = await caseFilesDigest();
    server = await startReviewServer({
      caseDir,
      output: path.join(temp.dir, 'packet.zip'),
      applyChange: applyReviewChange,
      renderThumbnail,
      stateOptions: { scan: { ocr: { enabled: false } } },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await temp?.cleanup();
  });

  it('shows the checklist first, then the documents, scans and problem files', async () => {
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(server.url);
    await page.locator('#checklist').waitFor();
    const headings = await page.locator('h2').allTextContents();
    expect(headings[0]).toBe('What the reviewers need');
    expect(headings).toEqual(expect.arrayContaining(['Documents', 'Scans (imaging studies)', 'Files with a problem', 'Files that name another person', 'Make the packet']));
    expect(await page.locator(card('photos/lab-results.jpg')).count()).toBe(1);
    expect(await page.locator('#problems').textContent()).toContain('reports/damaged.pdf');
    expect(await page.locator('#other-person').textContent()).toContain('stranger/IM0001');
    // A PDF's first page is its thumbnail (rendered in a worker); a text file has none: the neutral tile.
    await page.locator(`${card('reports/ct-report.pdf')}`).scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator(`${card('reports/ct-report.pdf')} img`).evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(16);
    await expect.poll(() => page.locator(`${card('notes.txt')} .placeholder`).count()).toBe(1);
    // The CSP holds: nothing on the page was blocked or failed.
    expect(consoleErrors.filter((e) => !/204|No Content/.test(e))).toEqual([]);
  });

  it('fixes a misclassified document by its category list', async () => {
    const select = page.locator(`${card('photos/lab-results.jpg')} select`);
    expect(await select.inputValue()).toBe('other');
    // Its label names it for screen readers, and the keyboard reaches it.
    expect(await page.getByLabel('What is it?').count()).toBeGreaterThan(1);
    await select.selectOption('lab-results');
    await page.locator('#status', { hasText: 'Saved' }).waitFor();
    expect(await page.locator(`${card('photos/lab-results.jpg')} select`).inputValue()).toBe('lab-results');
    expect(await page.locator(card('photos/lab-results.jpg')).textContent()).toContain('You changed this');
  });

  it('leaves a document out with the keyboard, and the checklist changes at once', async () => {
    expect(await itemStatus('imaging-reports')).toBe('partial');
    const button = page.locator(`${card('reports/ct-report.pdf')} button`, { hasText: 'Leave out' });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator(`${card('reports/ct-report.pdf')} button`, { hasText: 'Put it back in' }).waitFor();
    expect(await itemStatus('imaging-reports')).toBe('missing');
    expect(await page.locator(card('reports/ct-report.pdf')).getAttribute('class')).toContain('left-out');
    // Focus stays on the button the person pressed, now "Put it back in".
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Put it back in');
  });

  it('"This is someone else\'s" moves a document to the other-person section', async () => {
    await page.locator(`${card('notes.txt')} button`, { hasText: "This is someone else's" }).click();
    await expect.poll(() => page.locator('#other-person').textContent(), { timeout: 30_000 }).toContain('notes.txt');
  });

  it('the question for the reviewers ticks its checklist item', async () => {
    expect(await itemStatus('reviewer-question')).toBe('missing');
    await page.getByLabel('Questions for the reviewers').fill('Is adjuvant chemotherapy needed?');
    await page.locator('button[data-key="save-questions"]').click();
    await expect.poll(() => itemStatus('reviewer-question')).toBe('met');
  });

  it('wrote the corrections into casepack.yaml', async () => {
    const written = YAML.parse(await readFile(path.join(caseDir, 'casepack.yaml'), 'utf8')) as { overrides: unknown[]; questions: string[] };
    expect(written.overrides).toEqual(expect.arrayContaining([{ path: 'photos/lab-results.jpg', category: 'lab-results' }, { path: 'reports/ct-report.pdf', exclude: true }, { path: 'notes.txt', otherPerson: true }]));
    // The previous file is kept beside it.
    expect(existsSync(path.join(caseDir, 'casepack.yaml.bak'))).toBe(true);
    expect(written.questions).toEqual(['Is adjuvant chemotherapy needed?']);
  });

  it('builds from the page, outside the case, and the packet verifies', async () => {
    await page.locator('#build').click();
    await page.locator('#packet-sha256').waitFor({ timeout: 60_000 });
    const output = await page.locator('#packet-path').textContent();
    const sha = await page.locator('#packet-sha256').textContent();
    expect(output).toBe(path.join(temp.dir, 'packet.zip'));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('#packet-missing').textContent()).toContain('Reports of the scans');
    const verified = await verifyPacket(output ?? '');
    expect(verified.valid).toBe(true);
    expect(verified.anchor).toMatchObject({ sha256: sha, comparedWith: ['sidecar'] });
    expect(await caseFilesDigest()).toBe(before);
  });
});
