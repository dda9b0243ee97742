import type { Finding } from '../model/finding.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors first, then by code and first path, so output is stable run to run. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compare(a.code, b.code) || compare(a.paths[0] ?? '', b.paths[0] ?? ''));
}
