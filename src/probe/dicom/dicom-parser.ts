/**
 * dicom-parser for the probes, loaded with `require`: the package is one CommonJS file, and an
 * `import` of it makes Node 20 scan its 32 KB for export names first (cjs-module-lexer) and go
 * through the ES loader: ~3x the CPU of the `require`, paid at every scan's start and again by the
 * probe helper thread (issue 15). The same module object either way.
 */
import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;
export default dicomParser;
