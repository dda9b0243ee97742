// `node --import ./bench/lib/module-count.mjs …`: registers the hooks that log every loaded module
// (ES modules and, through the ESM loader, CommonJS ones it imports), so a run can count what start-up costs.
import { register } from 'node:module';

register('./module-count-hooks.mjs', import.meta.url);
