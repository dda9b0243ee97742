import { makeReportPdf } from '../../tools/synth/report-pdf.js';

/** The one-page surgical pathology report the slow OCR tests scan, photograph and turn: a title, a dated field, a diagnosis. */
export function surgicalPathologyReport(): Promise<Uint8Array> {
  return makeReportPdf({
    title: 'Surgical Pathology Report',
    letterhead: { institution: 'Riverside General Hospital', department: 'Department of Pathology' },
    fields: [['Date of procedure', '14 March 2025'], ['Specimen', 'Left breast, core needle biopsy']],
    sections: [{ heading: 'Final diagnosis', blocks: ['Invasive ductal carcinoma, Nottingham grade 2.', 'Estrogen receptor positive. Margins clear of tumour.'] }],
  });
}
