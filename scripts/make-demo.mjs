#!/usr/bin/env node
// Writes the bundled demo case (fixtures/demo-case, or the folder given as the
// first argument) from casepack's own generators in dist/ — run `npm run build`
// first. Everything is invented: the patient "Demo^Patient", the hospital, every
// date and value. The output is deterministic: running it twice gives the same
// bytes, which test/demo-case.test.ts checks.
//
// The case is deliberately incomplete (no operative report although surgery is
// recorded, no medication list, no treatment history) so `casepack check`
// has something to say, and it holds the usual mess: an extensionless CD with
// a DICOMDIR, a report inside a DICOM file, a discharge summary scanned to an image-only PDF (read by OCR), a
// WhatsApp picture of a scan, a phone photo of a letter taken sideways and an
// iPhone HEIC photo of a paper report.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOP_CLASS, uidFor, writeDicom, writeDicomdir } from '../tools/synth/dicom-writer.ts';
import { writeJpeg } from '../tools/synth/image-writer.ts';
import { makeReportPdf } from '../tools/synth/report-pdf.ts';
import { makePhotoOfPdfPage } from '../tools/synth/scan-writer.ts';
import { scanCopy } from '../tools/synth/degrade.ts';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { aperioIfds, writeTiff } from '../tools/synth/tiff-writer.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(projectRoot, 'fixtures/demo-case'));

const PATIENT = { dicomName: 'Demo^Patient', name: 'Demo Patient', id: 'DEMO-0001', birth: '19610412', birthText: '12/04/1961' };
const HOSPITAL = { institution: 'Demo General Hospital', lines: ['1 Example Road, Sampletown', 'Tel. 000 000 0000 - synthetic demo data'] };
const FOOTER = 'SYNTHETIC DEMO DOCUMENT - invented patient, not medical data';
const patientFields = [['Patient', PATIENT.name], ['Date of birth', PATIENT.birthText], ['Hospital no.', PATIENT.id]];

async function put(relPath, bytes) {
  const target = path.join(outDir, relPath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
}

// ---------------------------------------------------------------- PDF reports

const pathologyReport = () => makeReportPdf({
  style: 'classic',
  title: 'Histopathology Report',
  letterhead: { institution: HOSPITAL.institution, department: 'Department of Cellular Pathology', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Lab no.', 'H25-04417'], ['Date of procedure', '12/09/2025'], ['Date received', '12/09/2025'], ['Date reported', '16/09/2025'], ['Requested by', 'Dr B. Sample, Oncology']],
  sections: [
    { heading: 'Specimen', blocks: ['Pancreatic head mass, percutaneous core needle biopsy (CT-guided), three cores.'] },
    { heading: 'Clinical details', blocks: ['Weight loss and painless jaundice. CT: 28 mm mass in the pancreatic head abutting the superior mesenteric vein.'] },
    { heading: 'Macroscopy', blocks: ['Three pale cores, 8 mm, 11 mm and 12 mm in length. All embedded in one block (A1).'] },
    { heading: 'Microscopy', blocks: ['The cores contain a moderately differentiated adenocarcinoma forming irregular glands in a desmoplastic stroma. Perineural invasion is present. No lymphovascular invasion is seen in this sample.'] },
    {
      heading: 'Immunohistochemistry',
      blocks: [{ type: 'table', columns: ['Marker', 'Result', 'Comment'], widths: [1, 1, 2], rows: [['CK7', 'Positive', 'Diffuse, strong'], ['CK20', 'Negative', ''], ['SMAD4 (DPC4)', 'Lost', 'Loss of nuclear expression'], ['MLH1 / PMS2 / MSH2 / MSH6', 'Retained', 'No evidence of mismatch repair deficiency']] }],
    },
    { heading: 'Diagnosis', blocks: ['Pancreas, head, core biopsy: ADENOCARCINOMA, moderately differentiated (ductal type). Tissue sent for molecular testing (block A1).'] },
  ],
  signatures: [{ name: 'Dr A. Example, FRCPath', role: 'Consultant Histopathologist', date: 'Authorised 16/09/2025' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-09-16T14:02:00Z', producer: 'DemoLIMS Reporting 3.1', author: 'Cellular Pathology' },
});

const molecularReport = () => makeReportPdf({
  style: 'modern',
  title: 'Next-Generation Sequencing (NGS) Report',
  letterhead: { institution: 'Demo Genomics Laboratory', department: 'Solid Tumour Molecular Diagnostics', lines: ['Unit 7, Example Science Park - synthetic demo data'] },
  fields: [...patientFields, ['Specimen', 'FFPE block A1 (H25-04417)'], ['Collected', '12/09/2025'], ['Received', '19/09/2025'], ['Reported', '02/10/2025'], ['Panel', 'Solid tumour 52-gene DNA panel']],
  sections: [
    { heading: 'Summary', blocks: ['Tier I/II variants detected: KRAS p.G12D; TP53 p.R175H. Microsatellite stable. Tumour mutational burden low.'] },
    {
      heading: 'Variants',
      blocks: [{ type: 'table', columns: ['Gene', 'Variant', 'VAF', 'Tier'], widths: [1, 2, 1, 1], rows: [['KRAS', 'c.35G>A p.(Gly12Asp)', '31%', 'II'], ['TP53', 'c.524G>A p.(Arg175His)', '28%', 'II'], ['CDKN2A', 'No variant detected', '-', '-'], ['BRCA1 / BRCA2', 'No variant detected', '-', '-']] }],
    },
    { heading: 'Biomarkers', blocks: [{ type: 'list', items: ['Microsatellite status: MSS', 'Tumour mutational burden: 3 mutations/Mb (low)', 'NTRK1/2/3 fusions: not detected (RNA)', 'Tumour content estimated at 40%'] }] },
    { heading: 'Interpretation', blocks: ['The KRAS G12D variant is common in pancreatic ductal adenocarcinoma; consider clinical trials of KRAS G12D-directed agents. No germline testing was performed; germline BRCA testing is recommended for all patients with pancreatic cancer.'] },
  ],
  signatures: [{ name: 'Dr C. Placeholder', role: 'Clinical Scientist', date: '02/10/2025' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-10-02T09:30:00Z', producer: 'DemoSeq Report Builder 2.0' },
});

const ctReport = () => makeReportPdf({
  style: 'typewriter',
  title: 'Radiology Report',
  letterhead: { institution: HOSPITAL.institution, department: 'Department of Radiology', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Examination', 'CT abdomen, pancreas protocol (arterial and portal venous phases)'], ['Date of examination', '03/09/2025'], ['Accession', 'RAD-25-88120']],
  sections: [
    { heading: 'Clinical information', blocks: ['Painless jaundice, weight loss. ?pancreatic mass.'] },
    { heading: 'Findings', blocks: ['28 x 24 mm hypoattenuating mass in the pancreatic head with upstream pancreatic duct dilatation (5 mm) and biliary dilatation. The mass abuts the superior mesenteric vein over less than 180 degrees without contour deformity. The superior mesenteric artery, coeliac axis and common hepatic artery are clear. No liver lesions. No ascites. Two 7 mm peripancreatic lymph nodes.'] },
    { heading: 'Conclusion', blocks: ['Pancreatic head mass in keeping with carcinoma, borderline resectable (venous abutment). No distant metastases. Suggest tissue diagnosis and MDT discussion.'] },
  ],
  signatures: [{ name: 'Dr D. Specimen', role: 'Consultant Radiologist', date: 'Reported 04/09/2025' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-09-04T11:15:00Z', producer: 'DemoRIS 8' },
});

const petReport = () => makeReportPdf({
  style: 'classic',
  title: 'PET-CT Report',
  letterhead: { institution: HOSPITAL.institution, department: 'Nuclear Medicine', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Examination', '18F-FDG PET-CT, skull base to mid-thigh'], ['Date of examination', '05/10/2025']],
  sections: [
    { heading: 'Findings', blocks: ['Intense FDG uptake in the pancreatic head mass (SUVmax 9.4). Low-grade uptake in a 7 mm peripancreatic node (SUVmax 2.1), indeterminate. No FDG-avid distant disease.'] },
    { heading: 'Conclusion', blocks: ['FDG-avid pancreatic head primary. No evidence of distant metastatic disease.'] },
  ],
  signatures: [{ name: 'Dr E. Instance', role: 'Consultant in Nuclear Medicine', date: '06/10/2025' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-10-06T16:40:00Z', producer: 'DemoRIS 8' },
});

const labResults = () => makeReportPdf({
  style: 'modern',
  title: 'Laboratory Results - Cumulative Report',
  letterhead: { institution: HOSPITAL.institution, department: 'Blood Sciences', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Printed', '29/10/2025']],
  sections: [
    { heading: 'Tumour markers', blocks: [{ type: 'table', columns: ['Test', 'Collected 15/09/2025', 'Collected 28/10/2025', 'Reference range', 'Units'], rows: [['CA 19-9', '1,250', '612', '0 - 37', 'kU/L'], ['CEA', '6.1', '4.2', '0 - 5', 'ug/L']] }] },
    { heading: 'Liver function', blocks: [{ type: 'table', columns: ['Test', 'Collected 15/09/2025', 'Collected 28/10/2025', 'Reference range', 'Units'], rows: [['Bilirubin', '145 H', '18', '0 - 21', 'umol/L'], ['ALT', '212 H', '41', '0 - 45', 'U/L'], ['AST', '160 H', '35', '0 - 40', 'U/L'], ['Alkaline phosphatase', '480 H', '160 H', '30 - 130', 'U/L'], ['Albumin', '33 L', '36', '35 - 50', 'g/L']] }] },
    { heading: 'Full blood count', blocks: [{ type: 'table', columns: ['Test', 'Collected 15/09/2025', 'Collected 28/10/2025', 'Reference range', 'Units'], rows: [['Haemoglobin', '118 L', '109 L', '130 - 170', 'g/L'], ['White cells', '7.2', '3.1 L', '4.0 - 11.0', 'x10^9/L'], ['Neutrophils', '4.9', '1.4 L', '2.0 - 7.5', 'x10^9/L'], ['Platelets', '301', '162', '150 - 400', 'x10^9/L']] }] },
    { blocks: ['H = above reference range, L = below reference range. Biliary stent inserted 18/09/2025.'] },
  ],
  footer: FOOTER,
  metadata: { creationDate: '2025-10-29T08:05:00Z', producer: 'DemoLIMS 3.1' },
});

const referralLetter = () => makeReportPdf({
  style: 'classic',
  title: 'Request for Second Opinion',
  letterhead: { institution: HOSPITAL.institution, department: 'Medical Oncology', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Date', '30/10/2025'], ['To', 'Pancreatic Cancer Expert Review Team']],
  sections: [
    {
      blocks: [
        'Dear colleagues,',
        'Thank you for reviewing this 64-year-old man with a moderately differentiated adenocarcinoma of the pancreatic head, diagnosed on core biopsy on 12/09/2025 (CA 19-9 1,250 kU/L at diagnosis). CT on 03/09/2025 showed a borderline resectable tumour with venous abutment; PET-CT on 05/10/2025 showed no distant disease. A staging laparoscopy on 20/09/2025 found no peritoneal disease.',
        'He has received four cycles of modified FOLFIRINOX since 06/10/2025 with a falling CA 19-9 (612 kU/L on 28/10/2025) and neutropenia requiring a dose reduction. Molecular testing shows KRAS G12D and TP53 variants, MSS.',
        'Our questions: is he a candidate for resection after neoadjuvant treatment, and would you recommend a clinical trial? Scans are on the enclosed CD; slides are available on request.',
        'Yours sincerely,',
      ],
    },
  ],
  signatures: [{ name: 'Dr B. Sample', role: 'Consultant Medical Oncologist' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-10-30T12:00:00Z', producer: 'DemoEPR Letters' },
});

// A discharge summary printed by the ward, then put through an office scanner a month later:
// only pictures of the pages, so casepack must read it by OCR; the scan's own date is not the clinical date.
const dischargeSummary = () => makeReportPdf({
  style: 'classic',
  title: 'Discharge Summary',
  letterhead: { institution: HOSPITAL.institution, department: 'Gastroenterology Ward 7', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Date of admission', '05/09/2025'], ['Date of discharge', '08/09/2025'], ['Consultant', 'Dr D. Example, Gastroenterology']],
  sections: [
    { heading: 'Reason for admission', blocks: ['Painless obstructive jaundice (bilirubin 182 umol/L) with a 28 mm mass in the pancreatic head on CT.'] },
    { heading: 'Procedures', blocks: ['06/09/2025: ERCP with biliary sphincterotomy and placement of a 10 mm fully covered metal biliary stent. Brushings sent for cytology.'] },
    { heading: 'Hospital course', blocks: ['Uncomplicated. Bilirubin fell to 96 umol/L by discharge. No cholangitis or pancreatitis. Eating and drinking normally.'] },
    { heading: 'Medication on discharge', blocks: ['Creon 25000, two capsules with meals and one with snacks. Paracetamol 1 g four times a day as needed.'] },
    { heading: 'Follow-up', blocks: ['CT-guided biopsy of the pancreatic mass booked for 12/09/2025. Oncology clinic after the result.'] },
  ],
  signatures: [{ name: 'Dr E. Example', role: 'Foundation Doctor, Gastroenterology', date: '08/09/2025' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-09-08T15:20:00Z', producer: 'DemoEPR Letters' },
});

/** An image-only scan of `pdf` (200 dpi, slightly skewed and noisy, JPEG) carrying the scanner's own metadata. */
async function scannedCopy(pdf, seed, metadata) {
  const scan = await PDFDocument.load((await scanCopy(pdf, { dpi: 200, seed })).pdf);
  scan.setCreator(metadata.creator);
  scan.setProducer(metadata.producer);
  scan.setCreationDate(new Date(metadata.creationDate));
  scan.setModificationDate(new Date(metadata.creationDate));
  return scan.save({ useObjectStreams: false });
}

// --------------------------------------------------------- phone photos (issue 14)

const clinicLetter = () => makeReportPdf({
  style: 'classic',
  title: 'Oncology Clinic Letter',
  letterhead: { institution: HOSPITAL.institution, department: 'Medical Oncology Outpatients', lines: HOSPITAL.lines },
  fields: [...patientFields, ['Clinic date', '14/10/2025']],
  sections: [
    {
      blocks: [
        'Dear Dr Sample,',
        'I reviewed Mr Patient in clinic before his third cycle of modified FOLFIRINOX. He reports tingling in his fingers and mild fatigue; he is eating less but his weight is stable this week.',
        'Plan: proceed with cycle 3 with oxaliplatin reduced to 75%, growth factor support, and a dietetic review. Restaging CT after cycle 4.',
        'Yours sincerely,',
      ],
    },
  ],
  signatures: [{ name: 'Dr C. Example', role: 'Specialty Registrar, Medical Oncology' }],
  footer: FOOTER,
  metadata: { creationDate: '2025-10-14T10:00:00Z' },
});

/**
 * Two phone photos of paper documents, as families send them: a letter
 * photographed with the phone turned (pixels stored sideways, EXIF
 * orientation 6) and an iPhone HEIC of a dietetic clinic letter (pixels stored
 * sideways, the turn in the HEIF irot; made by scripts/make-photo-fixtures.mjs
 * with heif-enc and committed, so this script needs no heif-enc). Both must
 * become upright A4 pages of the packet.
 */
async function writePhonePhotos() {
  const sideways = await makePhotoOfPdfPage(await clinicLetter(), 0, { dpi: 110, seed: 1014, rotation: 270 });
  await put('Letters/IMG_20251014_101532.jpg', await sharp(sideways).jpeg({ quality: 80 }).withMetadata({ orientation: 6 }).toBuffer());
  await put('IMG_4127.HEIC', await readFile(path.join(projectRoot, 'fixtures/photos/demo-dietetic-letter.heic')));
}

// ------------------------------------------------------------------- DICOM CD

/** A soft disc on a dark background: enough to look like an image, small enough to stay tiny. */
function phantom(size, slice, slices, peak) {
  const pixels = Buffer.alloc(size * size * 2);
  const radius = size * (0.3 + 0.1 * Math.sin((Math.PI * (slice + 1)) / (slices + 1)));
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - size / 2, y - size / 2);
      const value = distance < radius ? Math.round(peak * (1 - distance / radius / 2)) : 20;
      pixels.writeUInt16LE(value, (y * size + x) * 2);
    }
  }
  return pixels;
}

const common = {
  patientName: PATIENT.dicomName,
  patientId: PATIENT.id,
  patientBirthDate: PATIENT.birth,
  institution: HOSPITAL.institution,
  manufacturer: 'DEMO MEDICAL SYSTEMS',
};

const STUDIES = [
  {
    folder: 'ST000001',
    uid: uidFor('demo:study:ct'),
    date: '20250903',
    description: 'CT ABDOMEN PANCREAS PROTOCOL',
    series: [
      { folder: 'SE000001', modality: 'CT', description: 'PORTAL VENOUS 3mm', slices: 10, size: 64, peak: 1200, bodyPart: 'ABDOMEN' },
    ],
  },
  {
    folder: 'ST000002',
    uid: uidFor('demo:study:petct'),
    date: '20251005',
    description: 'PET-CT FDG WHOLE BODY',
    series: [
      { folder: 'SE000001', modality: 'CT', description: 'CT AC LOW DOSE', slices: 4, size: 64, peak: 900, bodyPart: 'WHOLEBODY' },
      { folder: 'SE000002', modality: 'PT', description: 'PET AC', slices: 4, size: 32, peak: 3000, bodyPart: 'WHOLEBODY' },
      { folder: 'SE000003', modality: 'DOC', description: 'PET-CT REPORT', report: true },
    ],
  },
];

async function writeCd(reportPdf) {
  const cd = 'CD_DEMO_GENERAL_HOSPITAL';
  const entries = [];
  for (const study of STUDIES) {
    for (const [seriesIndex, series] of study.series.entries()) {
      const seriesUid = uidFor(`demo:series:${study.folder}:${series.folder}`);
      const count = series.report ? 1 : series.slices;
      for (let index = 0; index < count; index += 1) {
        const fileId = `DICOM/${study.folder}/${series.folder}/IM${String(index + 1).padStart(6, '0')}`;
        const sopInstanceUid = uidFor(`demo:sop:${fileId}`);
        const sopClassUid = series.report ? SOP_CLASS.encapsulatedPdf : series.modality === 'PT' ? SOP_CLASS.pet : SOP_CLASS.ct;
        const base = {
          ...common,
          sopClassUid,
          sopInstanceUid,
          studyInstanceUid: study.uid,
          seriesInstanceUid: seriesUid,
          studyDate: study.date,
          seriesDate: study.date,
          contentDate: study.date,
          studyTime: '101500',
          studyDescription: study.description,
          seriesDescription: series.description,
          seriesNumber: seriesIndex + 1,
          instanceNumber: index + 1,
          modality: series.modality,
        };
        const bytes = series.report
          ? writeDicom({ ...base, encapsulatedPdf: Buffer.from(reportPdf) })
          : writeDicom({ ...base, bodyPart: series.bodyPart, imageType: 'ORIGINAL\\PRIMARY\\AXIAL', rows: series.size, columns: series.size, pixelData: phantom(series.size, index, series.slices, series.peak) });
        await put(`${cd}/${fileId}`, bytes);
        entries.push({
          fileId, patientName: PATIENT.dicomName, patientId: PATIENT.id, studyInstanceUid: study.uid, studyDate: study.date,
          studyDescription: study.description, seriesInstanceUid: seriesUid, modality: series.modality, sopClassUid, sopInstanceUid,
        });
      }
    }
  }
  await put(`${cd}/DICOMDIR`, writeDicomdir({ fileSetId: 'DEMO_CD', entries }));
}

// ---------------------------------------------------------------------- slide

function aperioSlide() {
  // A small Aperio-shaped pyramid: real tags and layout, placeholder tile bytes (casepack reads headers only).
  return writeTiff({ ifds: aperioIfds({ width: 4800, height: 3600, levels: 2, date: '09/15/25', time: '11:02:45', appMag: 20, mpp: 0.499 }) });
}

// ------------------------------------------------------- tumour-marker labs

/**
 * Two more tumour-marker reports so the treatment summary has a trend to draw (issue 14): with the cumulative
 * report, CA 19-9 is high at diagnosis, falls on FOLFIRINOX and rises again in its last week, before the second
 * line; CEA follows it at a lower level. One report prints a single sample, the other a table of two.
 */
async function writeMarkerLabs() {
  const labReport = (title, fields, table, printed, creationDate) => makeReportPdf({
    style: 'modern',
    title,
    letterhead: { institution: HOSPITAL.institution, department: 'Blood Sciences', lines: HOSPITAL.lines },
    fields: [...patientFields, ...fields, ['Printed', printed]],
    sections: [
      { heading: 'Tumour markers', blocks: [{ type: 'table', ...table }] },
      { blocks: ['Method: electrochemiluminescence immunoassay, same analyser for all results on this report.'] },
    ],
    footer: FOOTER,
    metadata: { creationDate, producer: 'DemoLIMS 3.1' },
  });
  await put('Labs/Tumour markers 13-10-2025.pdf', await labReport('Laboratory Results - Tumour Markers', [['Collected', '13/10/2025']], {
    columns: ['Test', 'Result', 'Units', 'Reference range'], rows: [['CA 19-9', '905 H', 'kU/L', '0 - 37'], ['CEA', '5.4 H', 'ug/L', '0 - 5']],
  }, '14/10/2025', '2025-10-14T08:10:00Z'));
  await put('Labs/Tumour markers 31-10-2025.pdf', await labReport('Laboratory Results - Cumulative Tumour Markers', [], {
    columns: ['Test', 'Collected 22/10/2025', 'Collected 31/10/2025', 'Reference range', 'Units'], rows: [['CA 19-9', '560', '734', '0 - 37', 'kU/L'], ['CEA', '4.0', '5.1', '0 - 5', 'ug/L']],
  }, '31/10/2025', '2025-10-31T17:20:00Z'));
}

// ----------------------------------------------------------------------- main

const CASE_FILE = `# casepack.yaml for the bundled demo case (generated by scripts/make-demo.mjs).
# Every name, date and value here is invented.
patient:
  name: Demo Patient
  birthDate: 1961-04-12
  id: ${PATIENT.id}
checklist: pancreatic
dateOrder: DMY
asOf: 2025-11-01
diagnosis: Adenocarcinoma of the pancreatic head, core biopsy 12/09/2025
staging: cT3 N1 M0, borderline resectable (venous abutment); CA 19-9 1,250 kU/L at diagnosis
questions:
  - Is the tumour resectable after neoadjuvant chemotherapy?
  - Would you recommend a clinical trial for KRAS G12D?
sender:
  name: Sam Example
  role: Care coordinator
  organisation: Demo Patient Navigation Service
  email: sam.example@example.org
  phone: +44 20 7946 0000
  signature: On behalf of the patient and his family
recipient:
  department: International Patient Office
  organisation: Demo University Cancer Centre
hospital:
  name: Demo General Hospital
  address: 1 Example Road, Demotown
attendants:
  - name: Demo Attendant
    relation: Daughter
treatments:
  - kind: surgery
    name: Staging laparoscopy
    start: 2025-09-20
    response: no peritoneal disease
  - kind: chemotherapy
    name: mFOLFIRINOX (neoadjuvant)
    start: 2025-09-29
    end: 2025-10-27
    cycles: 3
    response: stable disease (CA 19-9 falling)
    stopped: toxicity (grade 2 neuropathy)
    notes: Oxaliplatin reduced to 75% from cycle 3.
  - kind: chemotherapy
    name: Gemcitabine + nab-paclitaxel
    start: 2025-11
    response: too early to assess
physical:
  - kind: glass-slides
    count: 12
    description: H&E and IHC, block A1, case H25-04417
    courier: DHL Express
    tracking: "1234 5678 90"
    shippedOn: 2025-10-30
facts:
  surgery: true
  chemotherapy: true
  endoscopicUltrasound: false
  radiotherapy: false
# Requests already sent: checked on every run (overdue after 15 business days, items ticked off as they arrive).
requests:
  - department: Surgery
    items: [operative-report]
    sent: 2025-10-06
    via: email
    reference: SR-2291
  - department: Oncology clinic
    items: [referral letter, current medication list]
    sent: 2025-10-20
    via: patient portal
`;

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await put('casepack.yaml', CASE_FILE);
await put('Pathology/Histopathology report H25-04417.pdf', await pathologyReport());
await put('Pathology/NGS report DEMO-0001.pdf', await molecularReport());
await put('Pathology/Slides/H25-04417 A1 HE.svs', aperioSlide());
await put('Radiology/CT pancreas report 03-09-2025.pdf', await ctReport());
await writeCd(await petReport());
await put('Labs/Cumulative results 29-10-2025.pdf', await labResults());
await put('Letters/Referral letter Dr Sample.pdf', await referralLetter());
await writeMarkerLabs();
// A paper document put through an office scanner: pages of image, no text layer (read by OCR).
await put('Scan_20251010_0001.pdf', await scannedCopy(await dischargeSummary(), 20251010, { creator: 'DEMO MFP Scanner', producer: 'DEMO MFP Scanner', creationDate: '2025-10-10T09:12:00Z' }));
// A picture of the PET-CT viewer sent over WhatsApp: the app strips EXIF, the date is in the name.
await put('WhatsApp Image 2025-10-06 at 10.12.33.jpeg', writeJpeg({ width: 480, height: 360 }));
await writePhonePhotos();
console.log(`demo case written to ${path.relative(process.cwd(), outDir) || '.'}`);
