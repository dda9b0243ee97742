// PLACEHOLDER on branch review-base only: helper D replaces this file with the real implementation.
import type { RenderThumbnail } from './thumbnail-types.js';

export const renderThumbnail: RenderThumbnail = async () => null;
