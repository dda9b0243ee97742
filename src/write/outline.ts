import { PDFHexString, PDFName, type PDFDocument, type PDFRef } from '../util/pdf-lib.js';

export interface OutlineItem {
  title: string;
  /** 0-based page the bookmark opens. */
  pageIndex: number;
}

/**
 * pdf-lib has no outline API, so the /Outlines tree is built by hand: one flat
 * level, one item per source document, titles as UTF-16 hex strings so any
 * script survives, and /PageMode /UseOutlines so viewers open the panel.
 */
export function addOutline(doc: PDFDocument, items: OutlineItem[]): void {
  if (items.length === 0) return;
  const context = doc.context;
  const outlinesRef = context.nextRef();
  const refs: PDFRef[] = items.map(() => context.nextRef());
  items.forEach((item, i) => {
    const fields: Record<string, unknown> = {
      Title: PDFHexString.fromText(item.title),
      Parent: outlinesRef,
      Dest: [doc.getPage(item.pageIndex).ref, 'Fit'],
    };
    if (i > 0) fields['Prev'] = refs[i - 1];
    if (i < items.length - 1) fields['Next'] = refs[i + 1];
    context.assign(refs[i] as PDFRef, context.obj(fields as Parameters<typeof context.obj>[0]));
  });
  context.assign(outlinesRef, context.obj({ Type: 'Outlines', First: refs[0] as PDFRef, Last: refs[refs.length - 1] as PDFRef, Count: items.length }));
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
