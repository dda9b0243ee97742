// `node --import ./bench/lib/module-count.mjs …`: registers the hooks that log every loaded module
// (ES modules and, through the ESM loader, CommonJS ones it imports), so a run can count what start-up costs.
// CommonJS files loaded with `require` (commander, dicom-parser, pdf-lib's bundle) do not pass the hooks:
// they are added at exit from the require cache, as file URLs like the rest (the bench de-duplicates).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./module-count-hooks.mjs', import.meta.url);

const logFile = process.env.CASEPACK_MODULE_LOG;
if (logFile) {
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const required = Object.keys(cache).map((file) => `${pathToFileURL(file).href}\n`).join('');
    if (required) appendFileSync(logFile, required);
  });
}
