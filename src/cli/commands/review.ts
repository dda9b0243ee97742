import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { applyReviewChange } from '../../review/casefile-edit.js';
import { startReviewServer } from '../../review/server.js';
import { renderThumbnail } from '../../review/thumbnails.js';
import { EXIT } from '../exit.js';
import { addOcrFlags, ocrOptionsFromFlags, ocrProgressReporter, type OcrFlags } from '../ocr-flags.js';
import { Output } from '../output.js';

interface ReviewFlags extends OcrFlags {
  open?: boolean;
  output?: string;
  force?: boolean;
}

/** Only a person at a terminal with a screen gets a browser opened for them; elsewhere the printed address is enough. */
function canOpenBrowser(): boolean {
  if (!process.stdout.isTTY || process.env['CI']) return false;
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  // No browser is no failure: the address is printed above.
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/**
 * `casepack review <case>`: the case on a local page where a person fixes
 * casepack's guesses (written to casepack.yaml) and builds the packet.
 */
export function registerReview(program: Command): void {
  const command = program
    .command('review')
    .description('open a local page to check every file, fix casepack\'s guesses (saved in casepack.yaml) and build the packet')
    .argument('<case>', 'case folder')
    .option('--no-open', 'print the address only; do not open a browser')
    .option('-o, --output <packet.zip>', 'where the page\'s build writes the packet (default: <case folder>-packet.zip beside the folder)')
    .option('-f, --force', 'replace a file already at that path');
  addOcrFlags(command)
    .action(async (casePath: string, flags: ReviewFlags) => {
      const out = new Output({});
      const ocr = ocrOptionsFromFlags(flags);
      const spinner = out.spinner('Scanning…');
      if (out.interactive) ocr.onProgress = ocrProgressReporter(spinner);
      let server;
      try {
        server = await startReviewServer({
          caseDir: casePath,
          applyChange: applyReviewChange,
          renderThumbnail,
          stateOptions: { scan: { ocr } },
          ...(flags.output ? { output: flags.output } : {}),
          ...(flags.force ? { force: true } : {}),
        });
      } finally {
        spinner.stop();
      }
      out.line(`Review page: ${server.url}`);
      out.line('Only this computer can open it. Press Ctrl-C here to stop, or press "I am finished" on the page.');
      if (flags.open !== false && canOpenBrowser()) openBrowser(server.url);
      const stop = (): void => { void server.close(); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await server.done;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await server.close();
      out.line('Stopped.');
      process.exitCode = EXIT.OK;
    });
}
