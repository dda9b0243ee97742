import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { mixedCase } from '../support/scan-builder.js';

const CHROMIUM = '/usr/bin/chromium';
const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) console.warn(`\n*** ${CHROMIUM} not found: the HTML report browser test is SKIPPED (apt-get install chromium) ***\n`);

/** Screenshots and PDFs land here for a person to look at (gitignored). */
const OUT_DIR = path.resolve(import.meta.dirname, '.tmp');

describe.skipIf(!chromiumAvailable)('HTML report in real headless Chromium', () => {
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await mkdir(OUT_DIR, { recursive: true });
    const { scan, check } = await mixedCase();
    file = path.join(OUT_DIR, 'report-check.html');
    await writeFile(file, renderHtml(check, scan));
  }, 60_000);
  afterAll(async () => browser?.close());

  it('loads offline with no console errors and no request beyond the file, shows the missing items, and is screenshotted', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);

    const missingNeeded = await page.locator('#missing-required li').evaluateAll((els) => els.map((el) => el.getAttribute('data-item')));
    expect(missingNeeded).toEqual(['imaging-dicom', 'ca19-9-series', 'liver-tests-blood-count']);
    await expect(page.locator('#missing-required li[data-item="imaging-dicom"] .mark').textContent()).resolves.toBe('◐');
    await expect(page.locator('#missing-recommended li[data-item="medication-list"] .mark').textContent()).resolves.toBe('✗');
    await expect(page.locator('#present li[data-item="pathology-report"] .mark').textContent()).resolves.toBe('✓');
    expect(await page.locator('#missing-required').isVisible()).toBe(true);
    expect(await page.locator('.status.incomplete').textContent()).toContain('Incomplete');
    // The escaped hostile file name shows as text, and no script of ours or theirs failed.
    expect(await page.locator('body').innerText()).toContain('Jane <b>Doe&amp;');

    // The copy button puts the first department's message on the clipboard.
    await page.locator('#requests button.copy').first().click();
    // The clipboard write is asynchronous: poll for the button's new label rather than reading it once.
    await expect.poll(() => page.locator('#requests button.copy').first().textContent()).toBe('Copied');
    // Strings, not functions: the page's globals are not in this project's (DOM-less) type library.
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toMatch(/^To: Radiology\n\nDear colleagues,\n\nPatient: /);
    expect(problems).toEqual([]);

    const shot = path.join(OUT_DIR, 'report-check.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    await context.close();
  }, 60_000);

  it('prints on A4 and Letter without the copy buttons, and without content wider than the page', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('button.copy').first().isVisible()).toBe(false);
    for (const format of ['A4', 'Letter'] as const) {
      // A4 is 210 mm wide, Letter 8.5 in; minus the 12 mm side margins, at 96 px per inch.
      const widthPx = ((format === 'A4' ? 210 : 215.9) - 24) / 25.4 * 96;
      await page.setViewportSize({ width: Math.floor(widthPx), height: 1000 });
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, `${format} horizontal overflow`).toBeLessThanOrEqual(0);
      const pdf = path.join(OUT_DIR, `report-check-${format}.pdf`);
      await page.pdf({ path: pdf, format, printBackground: true });
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(1);
      // 15 items since the guides' items (question, allergies, biopsy date, attendants) and signed messages;
      // 9 since allergies moved from a pharmacy's letter to the family's own list (issue 14).
      expect(pages).toBeLessThanOrEqual(9);
    }
    await page.close();
  }, 60_000);
});
