#!/usr/bin/env node
// Writes the committed iPhone-style HEIC photos (fixtures/photos/) with heif-enc
// (Debian libheif-examples): one small marker page for the orientation tests and
// a phone photo of a paper dietetic clinic letter for the demo case
// (scripts/make-demo.mjs copies it). Run with `node --import tsx`; only needed
// when these photos change, so tests and the demo never need heif-enc.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIphoneHeic, markerPage } from '../tools/synth/heic-fixtures.ts';
import { makeReportPdf } from '../tools/synth/report-pdf.ts';
import { makePhotoOfPdfPage } from '../tools/synth/scan-writer.ts';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures/photos');
await mkdir(outDir, { recursive: true });

await writeFile(path.join(outDir, 'marker-irot.heic'), await makeIphoneHeic(await markerPage(300, 420, 'TOP'), 40));

const dieteticLetter = await makeReportPdf({
  style: 'classic',
  title: 'Dietetic Clinic Letter',
  letterhead: { institution: 'Demo General Hospital', department: 'Nutrition and Dietetics', lines: ['1 Example Road, Sampletown', 'Tel. 000 000 0000 - synthetic demo data'] },
  fields: [['Patient', 'Demo Patient'], ['Date of birth', '12/04/1961'], ['Hospital no.', 'DEMO-0001'], ['Clinic date', '16/10/2025']],
  sections: [
    { heading: 'Assessment', blocks: ['Weight 68 kg, down from 74 kg in August. Appetite reduced since starting chemotherapy; steatorrhoea reported.'] },
    { heading: 'Plan', blocks: ['Pancreatic enzyme replacement with meals and snacks. Oral nutritional supplement twice daily. Review in four weeks.'] },
  ],
  signatures: [{ name: 'A. Example', role: 'Specialist Oncology Dietitian' }],
  footer: 'SYNTHETIC DEMO DOCUMENT - invented patient, not medical data',
  metadata: { creationDate: '2025-10-16T11:00:00Z' },
});
const photo = await makePhotoOfPdfPage(dieteticLetter, 0, { dpi: 110, seed: 1016 });
await writeFile(path.join(outDir, 'demo-dietetic-letter.heic'), await makeIphoneHeic(photo, 45));
