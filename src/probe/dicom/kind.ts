import type { DicomInfo } from '../../model/scan.js';

/** Transfer syntaxes whose pixel data is stored as is (deflate compresses the whole data set, not pixels). */
const UNCOMPRESSED_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

export function isCompressedSyntax(uid: string): boolean {
  return !UNCOMPRESSED_SYNTAXES.has(uid);
}

const STORAGE = '1.2.840.10008.5.1.4.1.1.';

/** Names for the SOP classes people meet on a patient CD (PS3.6 Annex A); others keep only their UID. */
const SOP_CLASS_NAMES: Record<string, string> = {
  '1.2.840.10008.1.3.10': 'Media Storage Directory',
  [`${STORAGE}1`]: 'Computed Radiography Image',
  [`${STORAGE}1.1`]: 'Digital X-Ray Image (For Presentation)',
  [`${STORAGE}1.2`]: 'Digital Mammography X-Ray Image (For Presentation)',
  [`${STORAGE}2`]: 'CT Image',
  [`${STORAGE}2.1`]: 'Enhanced CT Image',
  [`${STORAGE}4`]: 'MR Image',
  [`${STORAGE}4.1`]: 'Enhanced MR Image',
  [`${STORAGE}6.1`]: 'Ultrasound Image',
  [`${STORAGE}3.1`]: 'Ultrasound Multi-frame Image',
  [`${STORAGE}7`]: 'Secondary Capture Image',
  [`${STORAGE}7.4`]: 'Multi-frame True Color Secondary Capture Image',
  [`${STORAGE}9.1.1`]: '12-lead ECG Waveform',
  [`${STORAGE}11.1`]: 'Grayscale Softcopy Presentation State',
  [`${STORAGE}12.1`]: 'X-Ray Angiographic Image',
  [`${STORAGE}20`]: 'Nuclear Medicine Image',
  [`${STORAGE}66.4`]: 'Segmentation',
  [`${STORAGE}77.1.6`]: 'VL Whole Slide Microscopy Image',
  [`${STORAGE}88.11`]: 'Basic Text SR',
  [`${STORAGE}88.22`]: 'Enhanced SR',
  [`${STORAGE}88.33`]: 'Comprehensive SR',
  [`${STORAGE}88.34`]: 'Comprehensive 3D SR',
  [`${STORAGE}88.59`]: 'Key Object Selection Document',
  [`${STORAGE}104.1`]: 'Encapsulated PDF',
  [`${STORAGE}104.2`]: 'Encapsulated CDA',
  [`${STORAGE}128`]: 'Positron Emission Tomography Image',
  [`${STORAGE}130`]: 'Enhanced PET Image',
  [`${STORAGE}481.1`]: 'RT Image',
  [`${STORAGE}481.2`]: 'RT Dose',
  [`${STORAGE}481.3`]: 'RT Structure Set',
  [`${STORAGE}481.5`]: 'RT Plan',
  [`${STORAGE}481.8`]: 'RT Ion Plan',
};

export function sopClassName(uid: string | undefined): string | undefined {
  return uid ? SOP_CLASS_NAMES[uid] : undefined;
}

type Kind = DicomInfo['kind'];

/** Ordered: the first matching prefix wins (more specific prefixes first). */
const KIND_BY_SOP_PREFIX: [string, Kind][] = [
  [`${STORAGE}104.1`, 'encapsulated-pdf'],
  [`${STORAGE}88.`, 'structured-report'],
  [`${STORAGE}481.5`, 'rt-plan'],
  [`${STORAGE}481.8`, 'rt-plan'],
  [`${STORAGE}481.3`, 'rt-struct'],
  [`${STORAGE}481.2`, 'rt-dose'],
  [`${STORAGE}481.`, 'rt-other'],
  [`${STORAGE}7`, 'secondary-capture'],
  [`${STORAGE}11.`, 'presentation-state'],
  [`${STORAGE}77.1.6`, 'slide-microscopy'],
  [`${STORAGE}66.4`, 'segmentation'],
  [`${STORAGE}9.`, 'waveform'],
];

/** Modality is the fallback when the SOP class is private or missing. */
const KIND_BY_MODALITY: Record<string, Kind> = {
  SR: 'structured-report',
  PR: 'presentation-state',
  SM: 'slide-microscopy',
  SEG: 'segmentation',
  RTPLAN: 'rt-plan',
  RTSTRUCT: 'rt-struct',
  RTDOSE: 'rt-dose',
  RTRECORD: 'rt-other',
  ECG: 'waveform',
  HD: 'waveform',
};

const SECONDARY_CAPTURE = `${STORAGE}7`;
const ENCAPSULATED_PDF_STORAGE = `${STORAGE}104.1`;

/** The kind a SOP class names, by the prefix table; undefined when it names none. */
function kindOfSopClass(sopClassUid: string): Kind | undefined {
  // "7" must not swallow 77.x (slides): SC classes are exactly 7 or 7.n.
  const match = KIND_BY_SOP_PREFIX.find(([prefix]) =>
    prefix === SECONDARY_CAPTURE ? sopClassUid === prefix || sopClassUid.startsWith(`${prefix}.`) : sopClassUid.startsWith(prefix));
  return match?.[1];
}

/** kindOfSopClass by SOP class: every slice of a CD asks for the same few (issue 15). Bounded. */
const SOP_KINDS_MAX = 1_000;
const sopKinds = new Map<string, Kind | undefined>();

export function kindOf(sopClassUid: string | undefined, modality: string | undefined, hasPixels: boolean, hasDocument: boolean): Kind {
  if (hasDocument && (sopClassUid === undefined || sopClassUid === ENCAPSULATED_PDF_STORAGE)) return 'encapsulated-pdf';
  if (sopClassUid) {
    let kind = sopKinds.get(sopClassUid);
    if (kind === undefined && !sopKinds.has(sopClassUid)) {
      kind = kindOfSopClass(sopClassUid);
      if (sopKinds.size < SOP_KINDS_MAX) sopKinds.set(sopClassUid, kind);
    }
    if (kind) return kind;
  }
  const byModality = modality ? KIND_BY_MODALITY[modality.toUpperCase()] : undefined;
  if (byModality) return byModality;
  if (hasPixels) return 'image';
  if (sopClassUid?.startsWith(STORAGE)) return 'image';
  return 'other';
}
