// Loader hooks (run on the hooks thread): every module URL that is loaded is appended to
// the file named by CASEPACK_MODULE_LOG. Used only by the bench and a test, never by the tool.
import { appendFileSync } from 'node:fs';

const logFile = process.env.CASEPACK_MODULE_LOG;

export async function load(url, context, nextLoad) {
  if (logFile) appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
