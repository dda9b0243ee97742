import { z } from 'zod';

import { CATEGORY_IDS } from './category-list.js';

export { CATEGORIES, CATEGORY_IDS, categoryDefinition, type CategoryDefinition } from './category-list.js';

export const CategoryIdSchema = z.enum(CATEGORY_IDS);
export type CategoryId = z.infer<typeof CategoryIdSchema>;
