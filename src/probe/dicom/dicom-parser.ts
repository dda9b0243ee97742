/**
 * dicom-parser for the probes, loaded with `require` on first use: the package is one CommonJS file, and
 * an `import` of it makes Node 20 scan its 32 KB for export names first (cjs-module-lexer) and go through
 * the ES loader: ~3x the CPU of the `require`. On first use, because the lean readers (fast-header.ts)
 * answer for the common slice without it: a scan of plain slices without a DICOMDIR never loads it, nor
 * node:zlib, which it requires (issue 15, start-up). The same module object either way.
 */
import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';

let loaded: typeof DicomParser | undefined;

export function dicomParser(): typeof DicomParser {
  loaded ??= createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;
  return loaded;
}

/** dicom-parser's DataSet constructor exists at run time but its typings declare DataSet as an interface. */
type DataSetConstructor = new (parser: DicomParser.DataSet['byteArrayParser'], byteArray: Uint8Array, elements: Record<string, DicomParser.Element>) => DicomParser.DataSet;

/** A dicom-parser DataSet over `byteArray` read little endian, holding `elements`. */
export function newLittleEndianDataSet(byteArray: Uint8Array, elements: Record<string, DicomParser.Element>): DicomParser.DataSet {
  const parser = dicomParser();
  return new (parser as unknown as { DataSet: DataSetConstructor }).DataSet(parser.littleEndianByteArrayParser, byteArray, elements);
}
