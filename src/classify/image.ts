import type { FileEntry, ImageInfo, Reason } from '../model/scan.js';
import type { CategoryId } from '../model/categories.js';
import { classifyByName, nameAsText } from './document.js';
import { modalityFromName } from './modality.js';

export interface PhotoVerdict {
  category: CategoryId;
  confidence: number;
  modality?: string;
  reasons: Reason[];
  /** True when a person should look: the evidence does not tell. */
  needsReview: boolean;
  reviewNote?: string;
}

const ICON_MAX_PX = 300;
const SCREENSHOT_NAME = /\b(screen ?shot|screenshot|screen capture|capture d.écran|bildschirmfoto|snip)\b/i;
const SCREENSHOT_SOFTWARE = /screenshot|snipping|greenshot|sharex|lightshot|gnome-screenshot|spectacle|screencapture/i;
const SCAN_NAME = /\b(ct|mri|pet|petct|usg|ultrasound|xray|x ray|cxr|mammo\w*|dicom|scan image|slice|axial|coronal|sagittal)\b/i;

/**
 * Photos and screenshots: a picture of a scan (imaging-export) or of a paper
 * document? Told apart from what is cheap and honest: the file name, EXIF
 * (a camera make means a phone or camera took it; screenshot software or no
 * camera at all means a screen), and the shape (paper is portrait, screens
 * are mostly landscape). When the evidence does not agree, a person looks.
 */
export function classifyPicture(file: FileEntry): PhotoVerdict {
  const info: ImageInfo | undefined = file.image;
  const name = nameAsText(file.path);
  const reasons: Reason[] = [];
  // Icons and buttons of a CD viewer or web page: too small to be a photo of anything a reviewer reads.
  if (info?.width && info.height && Math.max(info.width, info.height) < ICON_MAX_PX) {
    return { category: 'other', confidence: 0.8, reasons: [{ rule: 'photo.icon-sized', weight: 0, matched: [`${info.width}x${info.height} px`] }], needsReview: false };
  }
  const byName = classifyByName(file.path);
  const nameModality = modalityFromName(file.path);
  const screenshot = SCREENSHOT_NAME.test(name) || SCREENSHOT_SOFTWARE.test(info?.software ?? '');
  const camera = Boolean(info?.cameraMake || info?.cameraModel);
  const aspect = info?.width && info.height ? info.height / info.width : undefined;
  const portraitPaper = aspect !== undefined && aspect >= 1.25 && aspect <= 1.5;
  const landscape = aspect !== undefined && aspect < 0.9;
  if (screenshot) reasons.push({ rule: 'photo.screenshot', category: 'imaging-export', weight: 2, matched: [SCREENSHOT_NAME.test(name) ? 'file name says screenshot' : `software ${info?.software ?? ''}`] });
  if (camera) reasons.push({ rule: 'photo.camera', weight: 0, matched: [[info?.cameraMake, info?.cameraModel].filter(Boolean).join(' ')] });
  if (portraitPaper) reasons.push({ rule: 'photo.paper-shape', weight: 0, matched: [`height/width ${aspect?.toFixed(2)}`] });

  // A scan named in the file name (and no document word) is a picture of a scan.
  const documentByName = byName.category && byName.category !== 'imaging-report' ? byName.category : undefined;
  if (nameModality || (SCAN_NAME.test(name) && !documentByName)) {
    reasons.push({ rule: 'photo.name-scan', category: 'imaging-export', weight: 2, matched: [name.match(SCAN_NAME)?.[0] ?? nameModality ?? ''] });
    if (!documentByName) {
      const verdict: PhotoVerdict = { category: 'imaging-export', confidence: screenshot || !portraitPaper ? 0.6 : 0.4, reasons, needsReview: portraitPaper && camera };
      if (nameModality) verdict.modality = nameModality;
      if (verdict.needsReview) verdict.reviewNote = 'The file name names a scan, but the picture is shaped like a photo of a paper page.';
      return verdict;
    }
  }
  if (documentByName) {
    return { category: documentByName, confidence: Math.min(0.4, byName.confidence), reasons: [...byName.reasons, ...reasons], needsReview: false };
  }
  if (screenshot && landscape && !camera) {
    return { category: 'imaging-export', confidence: 0.5, reasons, needsReview: true, reviewNote: 'A landscape screenshot: probably a picture of a scan viewer, but it could be a portal page.' };
  }
  return {
    category: 'other',
    confidence: 0,
    reasons,
    needsReview: true,
    reviewNote: camera && portraitPaper ? 'A phone photo shaped like a paper page: probably a photo of a document; say which in casepack.yaml.' : 'Nothing in the picture\'s name or metadata says whether it shows a document or a scan.',
  };
}
