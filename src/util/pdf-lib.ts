/**
 * The one door to @cantoo/pdf-lib for all of casepack.
 *
 * The package's ES build is 192 modules (with fflate and html-entities):
 * loading them cost 0.45–0.5 s CPU of every merge and build (issue 15). The
 * same package ships its whole build as one file, whose CommonJS/UMD form
 * `require` loads in ~0.06 s (the ES one ~0.08 s: Node 20 first tries it as
 * CommonJS to learn its format), but its `exports` map forbids naming that
 * file, so it is loaded here by its resolved path. Every module must use this
 * one copy: pdf-lib tells its objects apart with `instanceof`, and an object
 * made by a second copy is not an instance of the first's classes (ESLint
 * forbids importing the package anywhere else in src/).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfLib from '@cantoo/pdf-lib';

function loadPdfLib(): { lib: typeof PdfLib; from: 'single-file bundle' | 'package modules' } {
  const require = createRequire(import.meta.url);
  // `require` resolves to <package>/cjs/index.js; the bundle sits beside it in dist/.
  const packageEntry = require.resolve('@cantoo/pdf-lib');
  const bundle = path.join(path.dirname(packageEntry), '..', 'dist', 'pdf-lib.min.js');
  // A later pdf-lib that stops shipping the bundle still works, only slower to load.
  if (!existsSync(bundle)) return { lib: require(packageEntry) as typeof PdfLib, from: 'package modules' };
  return { lib: require(bundle) as typeof PdfLib, from: 'single-file bundle' };
}

const loaded = loadPdfLib();
const lib = loaded.lib;

/** Which build of pdf-lib was loaded (the test holds it to the fast one). */
export const pdfLibLoadedFrom = loaded.from;

export const {
  beginText,
  concatTransformationMatrix,
  degrees,
  drawObject,
  endText,
  PageSizes,
  ParseSpeeds,
  PDFArray,
  PDFCatalog,
  PDFContentStream,
  PDFCrossRefStream,
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFObjectStream,
  PDFPageLeaf,
  PDFPageTree,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  StandardFonts,
  TextRenderingMode,
  typedArrayFor,
} = lib;
// Annotated: its inferred return type names a module the package does not export.
export const decodePDFRawStream: typeof PdfLib.decodePDFRawStream = lib.decodePDFRawStream;

// The classes and enums above as types too, so `PDFDocument` names both, as it does in the package.
export type ParseSpeeds = PdfLib.ParseSpeeds;
export type PDFArray = PdfLib.PDFArray;
export type PDFCatalog = PdfLib.PDFCatalog;
export type PDFContentStream = PdfLib.PDFContentStream;
export type PDFCrossRefStream = PdfLib.PDFCrossRefStream;
export type PDFDict = PdfLib.PDFDict;
export type PDFDocument = PdfLib.PDFDocument;
export type PDFFont = PdfLib.PDFFont;
export type PDFHexString = PdfLib.PDFHexString;
export type PDFInvalidObject = PdfLib.PDFInvalidObject;
export type PDFName = PdfLib.PDFName;
export type PDFNumber = PdfLib.PDFNumber;
export type PDFObjectStream = PdfLib.PDFObjectStream;
export type PDFPageLeaf = PdfLib.PDFPageLeaf;
export type PDFPageTree = PdfLib.PDFPageTree;
export type PDFRawStream = PdfLib.PDFRawStream;
export type PDFRef = PdfLib.PDFRef;
export type PDFStream = PdfLib.PDFStream;
export type PDFString = PdfLib.PDFString;
export type StandardFonts = PdfLib.StandardFonts;
export type TextRenderingMode = PdfLib.TextRenderingMode;
export type { PDFContext, PDFObject, PDFPage, RGB } from '@cantoo/pdf-lib';
