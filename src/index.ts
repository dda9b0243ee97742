/** casepack's library API: the CLI is a thin shell over these. */
export { scanCase, scanToJson, sortFindings, CaseNotFoundError, type ScanOptions, type ScanProgress } from './scan.js';
export { walkCase, type WalkResult, type WalkedFile } from './walk/walk.js';
export { probeFile } from './probe/index.js';
export { FINDING_CODES, finding, type FindingCode } from './findings/codes.js';
export * from './model/scan.js';
export * from './model/finding.js';
export * from './model/categories.js';
export { VERSION } from './version.js';
