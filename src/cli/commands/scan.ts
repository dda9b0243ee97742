import type { Command } from 'commander';
import { scanCase } from '../../pipeline/scan.js';
import { statusForFindings } from '../exit.js';
import { helpFor } from '../help-text.js';
import { addOcrFlags, ocrOptionsFromFlags, ocrProgressReporter, type OcrFlags } from '../ocr-flags.js';
import { Output } from '../output.js';
import { addConfigFlag, userConfigFromFlags, type ConfigFlags } from '../config-flag.js';

interface ScanFlags extends OcrFlags, ConfigFlags { json?: boolean; quiet?: boolean; explain?: boolean; includeText?: boolean; includeIdentity?: boolean }

export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description('inventory of a case folder: what each file is, its category and clinical date')
    .argument('<case>', 'case folder')
    .option('--json', 'print the scan result as JSON (see docs/json-output.md)')
    .option('--explain', 'show why each file got its category and date')
    .option('--include-text', 'with --json: include the documents\' words (extracted text, titles, matched terms, date lines, DICOM descriptions)')
    .option('--include-identity', 'with --json: include patient names, IDs and birth dates (otherwise patient-1, patient-2…)')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', helpFor('scan'));
  addOcrFlags(addConfigFlag(command))
    .action(async (casePath: string, flags: ScanFlags) => {
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
    });
}
