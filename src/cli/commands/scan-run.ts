import { scanCase } from '../../pipeline/scan.js';
import { statusForFindings } from '../exit.js';
import { ocrOptionsFromFlags, ocrProgressReporter, type OcrFlags } from '../ocr-flags.js';
import { Output } from '../output.js';
import { userConfigFromFlags, type ConfigFlags } from '../config-flag.js';

/** What `casepack scan` is given, as commander hands it over (and cli/hot-args.ts reads it without commander). */
export interface ScanFlags extends OcrFlags, ConfigFlags { json?: boolean; quiet?: boolean; explain?: boolean; includeText?: boolean; includeIdentity?: boolean }

/** `casepack scan <case>`: apart from commands/scan.ts so the fast argument reader can run it without loading commander. */
export async function runScan(casePath: string, flags: ScanFlags): Promise<void> {
  const out = new Output({ json: flags.json, quiet: flags.quiet });
  const userConfig = await userConfigFromFlags(flags);
  const ocr = ocrOptionsFromFlags(flags);
  const spinner = out.spinner('Scanning…');
  if (out.interactive) ocr.onProgress = ocrProgressReporter(spinner);
  let scan;
  try {
    scan = await scanCase(casePath, {
      ocr,
      ...(userConfig ? { userConfig } : {}),
      onProgress: (p) => spinner.text(p.phase === 'probe' ? `Examining files ${p.done}/${p.total}` : `${p.phase}…`),
    });
  } finally {
    spinner.stop();
  }
  // Streamed: the same text as out.json(scanToJson(scan)), without a redacted copy of every entry or one big string.
  // Each renderer loads only when asked for (start-up, issue 15).
  if (flags.json) {
    const { renderScanJsonChunks } = await import('../../report/scan-json.js');
    await out.jsonChunks(renderScanJsonChunks(scan, { includeText: flags.includeText, includeIdentity: flags.includeIdentity }));
  } else {
    const { renderInventory } = await import('../../report/scan-text.js');
    out.text(renderInventory(scan, { explain: flags.explain, style: out.c }));
  }
  // One meaning per code: an unusable file is an error finding here as in check (1).
  process.exitCode = statusForFindings(scan.findings);
}
