import type { Probe } from '../types.js';

// Placeholder until the real probe lands (issue 2); the family is all it reports.
export const probeImage: Probe = async () => ({ family: 'image', findings: [] });
