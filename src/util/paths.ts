import path from 'node:path';

/**
 * True when `child` is `parent` itself or lies under it. Both are resolved
 * first; a sibling whose name merely starts with `..` (`..notes`) is inside.
 */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
