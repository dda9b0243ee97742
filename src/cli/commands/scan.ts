import type { Command } from 'commander';
import { helpFor } from '../help-text.js';
import { addOcrFlags } from '../ocr-flags.js';
import { addConfigFlag } from '../config-flag.js';
import { runScan, type ScanFlags } from './scan-run.js';

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
    .action((casePath: string, flags: ScanFlags) => runScan(casePath, flags));
}
