/**
 * DICOM whole-slide imaging (Supplement 145, VL Whole Slide Microscopy). The
 * DICOM probe reads these files as DICOM (modality SM); the id exists so a
 * `SlideInfo` may name them. Files end in `.dcm` or nothing, which name no
 * vendor, and DICOM is not TIFF, so there is nothing to detect here.
 */
import { slideFormat } from './format.js';

export const dicomWsi = slideFormat({
  id: 'dicom-wsi',
  displayName: 'DICOM whole-slide image',
  tiffExtensions: [],
  otherExtensions: [],
  compressed: false,
});
