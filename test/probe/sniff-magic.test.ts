import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/probe/sniff.js';
import { makeZip } from '../support/fuzz-zip.js';

/** Issue 13: a magic number at offset 0 wins over `%PDF-` found further into the first kilobyte. */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('sniffing a file that holds a PDF', () => {
  it('a stored (uncompressed) ZIP whose first entry is a PDF is an archive, not a PDF', () => {
    const zip = makeZip([{ name: 'report.pdf', data: PDF }]);
    expect(zip.indexOf('%PDF-')).toBe(30 + 'report.pdf'.length);
    expect(sniff(zip, zip.length, 'records.zip')).toBe('archive');
  });

  it('a JPEG whose metadata mentions %PDF- is an image', () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x20]), Buffer.from('Exif\0\0 made from %PDF-1.4 scan'), Buffer.alloc(64)]);
    expect(sniff(jpeg, jpeg.length, 'photo.jpg')).toBe('image');
  });

  it('a PDF with junk before its header is still a PDF', () => {
    const junk = Buffer.concat([Buffer.from('X-Gateway: scanned\r\n\r\n'), PDF]);
    expect(sniff(junk, junk.length, 'report.pdf')).toBe('pdf');
    expect(sniff(PDF, PDF.length, 'report')).toBe('pdf');
  });
});
