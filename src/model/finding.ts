import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One problem or observation, always with a stable code and a plain-language hint. */
export const FindingSchema = z.object({
  code: z.string().describe('stable code from src/findings/codes.ts, documented in docs/findings.md'),
  severity: SeveritySchema,
  paths: z.array(z.string()).describe('case-relative POSIX paths the finding concerns'),
  message: z.string(),
  hint: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;
