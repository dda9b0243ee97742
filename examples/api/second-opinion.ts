/**
 * casepack from TypeScript: scan a case folder, check it against a checklist,
 * build the packet, and verify it as the receiving hospital would.
 *
 *   npx tsx examples/api/second-opinion.ts <case-folder> <output-folder>
 *
 * The case folder is only read; everything is written to the output folder.
 * Installed from npm, the import is the same: `from 'casepack'`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPacket, checkCaseFolder, checkToJson, renderHtml, scanCase, verifyPacket, type CheckResult } from 'casepack';

export interface Outcome {
  files: number;
  status: CheckResult['status'];
  missing: string[];
  packet: string;
  sha256: string | null;
  verified: boolean;
}

export async function secondOpinion(caseFolder: string, outFolder: string): Promise<Outcome> {
  await mkdir(outFolder, { recursive: true });

  // 1. What is in the folder: each file's category, date, and any problem with it.
  const scan = await scanCase(caseFolder, { ocr: { enabled: false } });
  console.log(`${scan.files.length} files, ${scan.findings.length} findings`);

  // 2. What is missing for a second opinion, and whom to ask. The case's casepack.yaml
  //    (and the user's config) choose the checklist unless one is passed as `checklist`.
  const { check, scan: checkedScan } = await checkCaseFolder(caseFolder, { scan: { ocr: { enabled: false } } });
  const missing = check.items.filter((item) => item.status === 'missing' && item.severity === 'required');
  for (const item of missing) console.log(`missing: ${item.title}${item.request ? ` (ask ${item.request.department})` : ''}`);
  // Machine output leaves out names and the documents' words unless asked (privacy).
  await writeFile(path.join(outFolder, 'check.json'), JSON.stringify(checkToJson(check, checkedScan)));
  await writeFile(path.join(outFolder, 'check.html'), renderHtml(check, checkedScan));

  // 3. The packet: merged PDFs, index, imaging, slides, manifest with checksums, in one ZIP.
  const packet = path.join(outFolder, 'packet.zip');
  const built = await buildPacket(caseFolder, { output: packet, force: true, scan: checkedScan, check, ocr: { enabled: false } });
  console.log(`packet: ${built.output} (${built.packetBytes} bytes)`);

  // 4. What the receiving side runs: every entry against the manifest, the packet against its .sha256.
  const verified = await verifyPacket(packet);
  console.log(verified.valid ? `verified ${verified.checked} entries` : `NOT valid: ${verified.findings.map((f) => f.code).join(', ')}`);

  return { files: scan.files.length, status: check.status, missing: missing.map((item) => item.id), packet: built.output, sha256: built.packetSha256, verified: verified.valid };
}

// Run as a script (not when a test imports it).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [caseFolder, outFolder] = process.argv.slice(2);
  if (!caseFolder || !outFolder) {
    console.error('usage: npx tsx examples/api/second-opinion.ts <case-folder> <output-folder>');
    process.exit(2);
  }
  const outcome = await secondOpinion(caseFolder, outFolder);
  process.exitCode = outcome.verified ? 0 : 1;
}
