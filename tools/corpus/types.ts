import type { CategoryId } from '../../src/model/categories.js';

/** One training document. `group` keeps copies of one source document on one side of every split. */
export interface CorpusDocument {
  id: string;
  source: 'mtsamples' | 'writer' | 'tcga';
  group: string;
  label: CategoryId;
  text: string;
  /** What decided the label, for docs/model.md and for checking the mapping by eye. */
  labelledBy: string;
}
