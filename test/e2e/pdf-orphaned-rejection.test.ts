import { describeOrphanedRejectionScan } from '../support/orphaned-rejection-scan.js';

// The probe's side; the same files through OCR's page workers are in test/slow/pdf-orphaned-rejection-ocr.test.ts.
describeOrphanedRejectionScan('damaged PDFs that make pdf.js reject an orphaned promise', ['--no-ocr'], 1, 120_000);
