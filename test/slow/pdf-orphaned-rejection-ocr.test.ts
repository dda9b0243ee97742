import { describeOrphanedRejectionScan } from '../support/orphaned-rejection-scan.js';

// OCR renders these damaged pages in page workers, where pdf.js rejects late too: the pool must survive it
// (it once ended the run with exit 3, one time in three), so three runs.
describeOrphanedRejectionScan('damaged PDFs that make pdf.js reject an orphaned promise, read by OCR', ['--no-cache'], 3, 300_000);
