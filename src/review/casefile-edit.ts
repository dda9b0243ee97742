// PLACEHOLDER on branch review-base only: helper C replaces this file with the real implementation.
import type { ApplyReviewChange } from './changes.js';

export const applyReviewChange: ApplyReviewChange = async () => {
  throw new Error('applyReviewChange: not built yet (review-base placeholder)');
};
