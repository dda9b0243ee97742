/**
 * TIFF / BigTIFF / whole-slide probe: headers and tags only, bounded reads,
 * never throws. Whole-slide scans become family `slide` with SlideInfo; other
 * TIFFs (scanned documents, faxes) stay family `tiff` with TiffInfo. Which
 * vendor wrote a slide, and what its tags mean, is the slide-format
 * registry's knowledge (formats/slides); this probe does the reading.
 */
import { finding } from '../../findings/codes.js';
import type { Finding } from '../../model/finding.js';
import type { SlideInfo, TiffInfo } from '../../model/scan.js';
import { tiffDateTimeToTimestamp } from '../../dates/formats.js';
import { describeTiffSlide, VENDOR_BY_TIFF_EXTENSION, vendorNamedByExtension, type IfdSummary } from '../../formats/slides/index.js';
import { readAt, type Probe, type ProbeOutput } from '../types.js';
import { checkPixelData } from './integrity.js';
import { countingSource, readTiffStructure, type ByteSource, type Problem } from './reader.js';
import { summariseIfd } from './summary.js';
import { vsiFolderFacts } from './vsi.js';

export const probeTiff: Probe = async (input) => {
  const source = countingSource(input.size, (position, length) => readAt(input.handle, position, length));
  const output = await inspectTiff(source, input.head, input.relPath);
  // An Olympus .vsi is only the overview: the scan is in the folder beside it.
  if (output.slide?.vendor !== 'olympus') return output;
  const folder = await vsiFolderFacts(input.absPath, input.relPath);
  return { ...output, slide: { ...output.slide, ...folder.facts }, findings: [...output.findings, ...folder.findings] };
};

/** Beyond 4 GiB, NDPI's 32-bit strip offsets are ambiguous. */
const FOUR_GIB = 2 ** 32;

/** The probe over any byte source (tests pass a counting source to measure what a probe reads). */
export async function inspectTiff(source: ByteSource, head: Buffer, relPath: string): Promise<ProbeOutput> {
  try {
    return await inspect(source, head, relPath);
  } catch (err) {
    // The reader checks every bound; this is only the last line of defence.
    return { family: 'tiff', findings: [finding('TIFF_UNREADABLE', relPath, { details: { reason: err instanceof Error ? err.message.slice(0, 200) : 'unknown error' } })] };
  }
}

async function inspect(source: ByteSource, head: Buffer, relPath: string): Promise<ProbeOutput> {
  const structure = await readTiffStructure(source, head);
  if ('error' in structure) {
    return { family: 'tiff', findings: [finding('TIFF_UNREADABLE', relPath, { details: { reason: structure.error } })] };
  }
  const { header, ifds, reader } = structure;
  const container = header.bigTiff ? 'bigtiff' : 'tiff';
  const byteOrder = header.littleEndian ? 'little' : 'big';

  if (ifds.length === 0) {
    // The extension is all that is left to name the vendor of a slide whose first IFD is missing.
    const vendor = VENDOR_BY_TIFF_EXTENSION.get(`.${relPath.split('.').pop()?.toLowerCase() ?? ''}`);
    const findings = problemFindings(reader.problems, relPath, vendor !== undefined);
    if (vendor) return { family: 'slide', slide: { vendor, container, byteOrder, ifdCount: 0 }, findings };
    return { family: 'tiff', findings };
  }

  const summaries: IfdSummary[] = [];
  for (const [i, ifd] of ifds.entries()) summaries.push(await summariseIfd(reader, ifd, i));
  const namedVendor = vendorNamedByExtension(relPath);
  const vendorFields = namedVendor ? { vendor: namedVendor } : describeTiffSlide(summaries);
  // NDPI strip offsets are 32 bits: over 4 GiB their high bits are lost (a level's JPEG can itself
  // exceed 4 GiB), so only the IFD chain, whose pointers are 64-bit, shows a cut copy.
  const uncheckable = vendorFields?.vendor === 'hamamatsu' && source.size > FOUR_GIB;
  if (!uncheckable) await checkPixelData(reader, ifds);

  if (vendorFields) {
    const slide: SlideInfo = { ...vendorFields, container, byteOrder, ifdCount: ifds.length };
    const findings = problemFindings(reader.problems, relPath, true);
    return { family: 'slide', slide, findings };
  }
  const first = summaries[0] as IfdSummary;
  const tiff: TiffInfo = { container, byteOrder, pages: ifds.length, tiled: first.tiled };
  if (first.width !== undefined) tiff.width = first.width;
  if (first.height !== undefined) tiff.height = first.height;
  const dateTime = first.dateTime ? tiffDateTimeToTimestamp(first.dateTime) : undefined;
  if (dateTime) tiff.dateTime = dateTime;
  return { family: 'tiff', tiff, findings: problemFindings(reader.problems, relPath, false) };
}

/** One finding per kind of problem; reasons go to details (structure only, never content). */
function problemFindings(problems: readonly Problem[], relPath: string, isSlide: boolean): Finding[] {
  const findings: Finding[] = [];
  const truncated = problems.filter((p) => p.kind === 'truncated').map((p) => p.reason);
  const unreadable = problems.filter((p) => p.kind === 'unreadable').map((p) => p.reason);
  if (truncated.length) {
    findings.push(finding('SLIDE_TRUNCATED', relPath, {
      ...(isSlide ? {} : { message: 'The TIFF file is cut short: parts of it lie beyond the end of the file.' }),
      details: { reasons: truncated.slice(0, 5) },
    }));
  }
  if (unreadable.length) findings.push(finding('TIFF_UNREADABLE', relPath, { details: { reasons: unreadable.slice(0, 5) } }));
  return findings;
}
