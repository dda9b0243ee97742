import type { CategoryId } from '../model/categories.js';

/** Categories that carry a modality. Apart from document.ts so that classifying imaging alone never loads the document classifier. */
export const MODALITY_CATEGORIES: ReadonlySet<CategoryId> = new Set(['imaging', 'imaging-report', 'imaging-export']);
