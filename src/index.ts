/**
 * casepack's library API: the CLI is a thin shell over these, and tests and
 * other programs call them directly.
 */
// scan: walk → probe → group → extract → classify
export { scanCase, CaseNotFoundError, type ScanOptions, type ScanProgress } from './pipeline/scan.js';
export { scanToJson } from './report/json-privacy.js';
export { sortFindings } from './findings/sort.js';
export { walkCase, type WalkResult, type WalkedFile } from './walk/walk.js';
export { probeFile } from './probe/index.js';
export { classifyCase } from './pipeline/classify.js';
export { classifyScan, loadDocumentReading, needsDocumentReading } from './classify/index.js';
export { extractText, type ExtractedText, type TextSource } from './extract/index.js';
export { groupCase } from './group/index.js';
// the case file
export { loadCaseFile, parseCaseFile, CASE_FILE_NAME } from './casefile/load.js';
export { applyFindingPolicy } from './casefile/policy.js';
export * from './casefile/schema.js';
export { parseUserConfig, applyUserDefaults, UserConfigSchema, type UserConfig } from './casefile/user-config.js';
export { loadUserConfig, userConfigPath, CONFIG_ENV } from './casefile/user-config-file.js';
// checklists and checks
export { checkCase, loadChecklist, listBuiltinChecklists, ChecklistError, ChecklistSchema, type ResolvedChecklist, type CheckOptions } from './check/index.js';
export { checkCaseFolder, checkToJson, type CheckFolderOptions, type CheckedFolder } from './pipeline/check.js';
export type { JsonPrivacy } from './report/json-privacy.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml } from './report/html.js';
export { renderJson } from './report/json.js';
// the packet
export { planPacket, type PlanOptions } from './plan/plan.js';
export * from './plan/schema.js';
export { buildPacket, OutputRefusedError, type BuildOptions, type BuildResult } from './pipeline/build.js';
export { verifyPacket, type VerifyResult } from './verify/verify.js';
// batches split over machines (docs/batch.md)
export { parseShard, shardFromEnv, resolveShard, selectShard, shardOf, shardKey, batchRoot, type Shard } from './pipeline/shard.js';
// findings and models
export { FINDING_CODES, finding, isFindingCode, type FindingCode, type FindingDefinition } from './findings/codes.js';
export * from './model/scan.js';
export * from './model/finding.js';
export * from './model/categories.js';
export * from './model/check.js';
export { UsageError } from './util/errors.js';
export { VERSION } from './version.js';
