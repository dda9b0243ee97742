import { z } from 'zod';

// Placeholder until the case file lands (issue 3).
export const CaseFileSchema = z.object({}).passthrough();
export type CaseFile = z.infer<typeof CaseFileSchema>;
