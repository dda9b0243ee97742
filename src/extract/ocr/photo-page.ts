import sharp from 'sharp';
import { homographyFrom, warpGrey, type GreyImage, type Point } from './homography.js';

/**
 * Finding the sheet of paper in a phone photo (on a table, a bed, in a hand;
 * tilted, keystoned, unevenly lit) and making it a flat, upright-cornered,
 * evenly lit page image before recognition. Detection runs on a small copy;
 * only the warp touches full resolution. When the page is not found with
 * confidence (a screenshot, a page filling the frame or running off it, text
 * outside the sheet) the image is left exactly as it is: cropping text away
 * would be worse than reading a little background.
 */

/** Long side of the copy the page is looked for on: fine enough for corners within ~1 % of the page, cheap in JS. */
const DETECT_LONG_SIDE = 800;
// sharp writes a one-channel raw input back out as three channels unless told: every raw read here takes channel 0.
/** Dark strokes up to 2r+1 pixels wide (text at the detection scale) are closed over, so the page reads as one bright surface. */
const CLOSE_RADIUS = 3;
/** Brightness step between neighbouring pixels that stops the page region: paper varies slowly, the paper–table edge jumps. */
const REGION_STEP = 5;
/** Spread of brightness within a 3x3 neighbourhood that marks an edge, not paper. */
const REGION_RANGE = 9;

export interface PhotoPageFound {
  /** The page's corners, top-left, top-right, bottom-right, bottom-left, in pixels of the image it was found in. */
  corners: [Point, Point, Point, Point];
  /** Share of the frame the page covers, 0–1. */
  coverage: number;
}

/** Max (grow bright) or min (grow dark) over a (2r+1)-wide window, rows then columns. */
function rankFilter(image: GreyImage, r: number, pick: (a: number, b: number) => number): GreyImage {
  const { width, height } = image;
  const rows = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let v = image.data[y * width + x]!;
    for (let d = Math.max(0, x - r); d <= Math.min(width - 1, x + r); d++) v = pick(v, image.data[y * width + d]!);
    rows[y * width + x] = v;
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let v = rows[y * width + x]!;
    for (let d = Math.max(0, y - r); d <= Math.min(height - 1, y + r); d++) v = pick(v, rows[d * width + x]!);
    out[y * width + x] = v;
  }
  return { data: out, width, height };
}

/** Morphological closing: dark features narrower than 2r+1 (text) vanish, edges of large shapes stay put. */
export function closeDarkFeatures(image: GreyImage, r: number): GreyImage {
  return rankFilter(rankFilter(image, r, Math.max), r, Math.min);
}

/**
 * The bright, smooth region grown from the brightest pixels around the
 * frame's centre, as a 0/1 mask. A pixel joins when it is close to its
 * neighbour AND its own 3x3 neighbourhood is flat: a flood on neighbour
 * steps alone walks along an anti-aliased tilted edge (each pixel a little
 * darker than the last) out onto the table.
 */
function growPageRegion(closed: GreyImage): Uint8Array {
  const { data, width, height } = closed;
  const bright = rankFilter(closed, 1, Math.max).data, dark = rankFilter(closed, 1, Math.min).data;
  const mask = new Uint8Array(width * height);
  const x0 = Math.floor(width * 0.4), x1 = Math.ceil(width * 0.6), y0 = Math.floor(height * 0.4), y1 = Math.ceil(height * 0.6);
  let brightest = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) brightest = Math.max(brightest, data[y * width + x]!);
  const queue: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const i = y * width + x;
    if (data[i]! >= brightest - 25) { mask[i] = 1; queue.push(i); }
  }
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    const x = i % width, v = data[i]!;
    const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
    for (const n of next) {
      if (n < 0 || n >= mask.length || mask[n] || Math.abs(data[n]! - v) > REGION_STEP || bright[n]! - dark[n]! > REGION_RANGE) continue;
      mask[n] = 1;
      queue.push(n);
    }
  }
  return mask;
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), clockwise as seen on screen (y down). */
export function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const half = (pts: Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of pts) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half(sorted.reverse())];
}

export function polygonArea(poly: Point[]): number {
  let sum = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!, b = poly[(i + 1) % poly.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}

/** Drop the hull vertex whose removal loses least area until four are left: the page's corners survive, rounded corners and jitter do not. */
export function reduceToQuad(hull: Point[]): Point[] {
  const poly = [...hull];
  while (poly.length > 4) {
    let weakest = 0, least = Infinity;
    for (let i = 0; i < poly.length; i++) {
      const loss = Math.abs(cross(poly[(i + poly.length - 1) % poly.length]!, poly[i]!, poly[(i + 1) % poly.length]!));
      if (loss < least) { least = loss; weakest = i; }
    }
    poly.splice(weakest, 1);
  }
  return poly;
}

/** Corners ordered top-left, top-right, bottom-right, bottom-left (clockwise on screen, starting nearest the origin). */
function orderCorners(quad: Point[]): [Point, Point, Point, Point] {
  const signed = quad.reduce((s, a, i) => { const b = quad[(i + 1) % quad.length]!; return s + a.x * b.y - b.x * a.y; }, 0);
  const clockwise = signed > 0 ? quad : [...quad].reverse();
  let start = 0;
  clockwise.forEach((p, i) => { if (p.x + p.y < clockwise[start]!.x + clockwise[start]!.y) start = i; });
  const at = (k: number): Point => clockwise[(start + k) % 4]!;
  return [at(0), at(1), at(2), at(3)];
}

interface Line { px: number; py: number; dx: number; dy: number }

/** Total-least-squares line through points: their centroid and principal direction. */
function fitLine(points: Point[]): Line | undefined {
  if (points.length < 2) return undefined;
  const px = points.reduce((s, p) => s + p.x, 0) / points.length, py = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxx = 0, syy = 0, sxy = 0;
  for (const p of points) { sxx += (p.x - px) ** 2; syy += (p.y - py) ** 2; sxy += (p.x - px) * (p.y - py); }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { px, py, dx: Math.cos(angle), dy: Math.sin(angle) };
}

function intersect(a: Line, b: Line): Point | undefined {
  const det = a.dx * b.dy - a.dy * b.dx;
  if (Math.abs(det) < 1e-9) return undefined;
  const t = ((b.px - a.px) * b.dy - (b.py - a.py) * b.dx) / det;
  return { x: a.px + t * a.dx, y: a.py + t * a.dy };
}

/**
 * Corners from the sides rather than from the hull's vertices: the region's
 * corners are rounded (closing, the edge band left out of the region), its
 * sides are straight. Each side is fitted to the outline points near its
 * middle 80 %, and neighbouring sides are intersected.
 */
function refineCorners(quad: Point[], outline: Point[]): Point[] {
  const lines: Line[] = [];
  for (let i = 0; i < 4; i++) {
    const a = quad[i]!, b = quad[(i + 1) % 4]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const near = outline.filter((p) => {
      const t = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / (length * length);
      const off = Math.abs((p.x - a.x) * (b.y - a.y) - (p.y - a.y) * (b.x - a.x)) / length;
      return t > 0.1 && t < 0.9 && off < 3;
    });
    const line = fitLine(near);
    if (!line) return quad;
    lines.push(line);
  }
  const refined = lines.map((line, i) => intersect(lines[(i + 3) % 4]!, line));
  // A refined corner far from the hull's (a side fitted to the wrong points) is not trusted.
  if (refined.some((p, i) => !p || Math.hypot(p.x - quad[i]!.x, p.y - quad[i]!.y) > 20)) return quad;
  return refined as Point[];
}

/** Every inner angle of the quad, degrees. */
function innerAngles(c: Point[]): number[] {
  return c.map((p, i) => {
    const a = c[(i + 3) % 4]!, b = c[(i + 1) % 4]!;
    const v1 = { x: a.x - p.x, y: a.y - p.y }, v2 = { x: b.x - p.x, y: b.y - p.y };
    const cos = (v1.x * v2.x + v1.y * v2.y) / (Math.hypot(v1.x, v1.y) * Math.hypot(v2.x, v2.y));
    return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
  });
}

/** The page region's outline: each row's outermost pixels (pixel edges, so a full region reaches 0 and width). */
function regionOutline(mask: Uint8Array, width: number, height: number): { points: Point[]; pixels: number; onBorder: number } {
  const points: Point[] = [];
  let pixels = 0, onBorder = 0;
  for (let y = 0; y < height; y++) {
    let first = -1, last = -1;
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      pixels++;
      if (first < 0) first = x;
      last = x;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) onBorder++;
    }
    if (first >= 0) points.push({ x: first, y }, { x: first, y: y + 1 }, { x: last + 1, y }, { x: last + 1, y: y + 1 });
  }
  return { points, pixels, onBorder };
}

/** Text-like dark strokes (much darker than the closed surface around them) inside and outside the quad, per pixel. */
function strokeDensities(image: GreyImage, closed: GreyImage, quad: Point[]): { inside: number; outside: number } {
  let inStrokes = 0, inPixels = 0, outStrokes = 0, outPixels = 0;
  const inQuad = (x: number, y: number): boolean => quad.every((a, i) => cross(a, quad[(i + 1) % 4]!, { x, y }) >= 0);
  // A margin along the page edge counts as neither: its shadow and the edge itself are not text.
  for (let y = 0; y < image.height; y += 2) for (let x = 0; x < image.width; x += 2) {
    const i = y * image.width + x;
    const stroke = closed.data[i]! - image.data[i]! > 40 ? 1 : 0;
    if (inQuad(x + 0.5, y + 0.5)) { inStrokes += stroke; inPixels++; } else if (!nearEdge(quad, x + 0.5, y + 0.5, 6)) { outStrokes += stroke; outPixels++; }
  }
  return { inside: inPixels ? inStrokes / inPixels : 0, outside: outPixels ? outStrokes / outPixels : 0 };
}

function nearEdge(quad: Point[], x: number, y: number, distance: number): boolean {
  return quad.some((a, i) => {
    const b = quad[(i + 1) % 4]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const t = ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / (length * length);
    const px = a.x + Math.max(0, Math.min(1, t)) * (b.x - a.x), py = a.y + Math.max(0, Math.min(1, t)) * (b.y - a.y);
    return Math.hypot(x - px, y - py) < distance;
  });
}

/**
 * The page in a (small, greyscale) photo, or undefined when there is no
 * sheet to be sure of. Sure means: one bright smooth region around the
 * centre, clear of the frame's edges, covering 15–97 % of it, shaped like a
 * quadrilateral (its hull is the quad), with sane corners, and no text-like
 * strokes outside it.
 */
export function findPage(image: GreyImage): PhotoPageFound | undefined {
  const { width, height } = image;
  if (width < 32 || height < 32) return undefined;
  const closed = closeDarkFeatures(image, CLOSE_RADIUS);
  const mask = growPageRegion(closed);
  const outline = regionOutline(mask, width, height);
  // A corner cut off by the frame is fine (margins only); a page running off a whole side, or filling the frame, is not.
  if (outline.onBorder > 0.12 * 2 * (width + height)) return undefined;
  const hull = convexHull(outline.points);
  if (hull.length < 4) return undefined;
  const quad = orderCorners(refineCorners(orderCorners(reduceToQuad(hull)), outline.points));
  const quadArea = polygonArea(quad);
  const coverage = quadArea / (width * height);
  if (coverage < 0.15 || coverage > 0.97) return undefined;
  if (quadArea < 0.95 * polygonArea(hull) || outline.pixels < 0.6 * quadArea) return undefined;
  if (innerAngles(quad).some((a) => a < 55 || a > 125)) return undefined;
  const strokes = strokeDensities(image, closed, quad);
  if (strokes.inside === 0 || strokes.outside > 0.2 * strokes.inside) return undefined;
  return { corners: quad, coverage };
}

/** The straightened page's size: the longer of each pair of opposite sides, so no detail is lost. */
function straightSize(c: Point[]): { width: number; height: number } {
  const d = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y);
  return { width: Math.round(Math.max(d(c[0]!, c[1]!), d(c[3]!, c[2]!))), height: Math.round(Math.max(d(c[0]!, c[3]!), d(c[1]!, c[2]!))) };
}

/** Divide out the slowly varying light (the page's own surface, text closed over) so one threshold fits the whole page. */
async function flattenLight(page: GreyImage): Promise<GreyImage> {
  const small = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(Math.max(8, Math.round(page.width / 8)), Math.max(8, Math.round(page.height / 8)), { kernel: 'linear', fit: 'fill' })
    .extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const surface = closeDarkFeatures({ data: new Uint8Array(small.data), width: small.info.width, height: small.info.height }, 4);
  const light = await sharp(surface.data, { raw: { width: surface.width, height: surface.height, channels: 1 } })
    .blur(3).resize(page.width, page.height, { kernel: 'linear', fit: 'fill' }).extractChannel(0).raw().toBuffer();
  const out = new Uint8Array(page.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.round((page.data[i]! * 255) / Math.max(32, light[i]!)));
  return { data: out, width: page.width, height: page.height };
}

export interface StraightenedPage {
  image: GreyImage;
  /** Where the page was, in the input image's pixels; absent when the image was left as it is. */
  found?: PhotoPageFound;
}

/**
 * Find the page in a full-resolution greyscale photo and, when found, warp it
 * to a rectangle (no bigger than `maxPixels`) with its light evened out.
 */
export async function straightenPhotoPage(photo: GreyImage, maxPixels: number): Promise<StraightenedPage> {
  const scale = Math.min(1, DETECT_LONG_SIDE / Math.max(photo.width, photo.height));
  const small = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 1 } })
    .resize(Math.max(1, Math.round(photo.width * scale)), Math.max(1, Math.round(photo.height * scale)), { kernel: 'linear', fit: 'fill' })
    .extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const sx = photo.width / small.info.width, sy = photo.height / small.info.height;
  const found = findPage({ data: new Uint8Array(small.data), width: small.info.width, height: small.info.height });
  if (!found) return { image: photo };
  const corners = found.corners.map((p) => ({ x: p.x * sx, y: p.y * sy })) as PhotoPageFound['corners'];
  const size = straightSize(corners);
  const shrink = Math.min(1, Math.sqrt(maxPixels / (size.width * size.height)));
  const width = Math.max(1, Math.floor(size.width * shrink)), height = Math.max(1, Math.floor(size.height * shrink));
  const rectangle = [{ x: 0, y: 0 }, { x: width, y: 0 }, { x: width, y: height }, { x: 0, y: height }];
  const toSource = homographyFrom(rectangle, corners);
  if (!toSource) return { image: photo };
  const flat = await flattenLight(warpGrey(photo, toSource, width, height));
  return { image: flat, found: { corners, coverage: found.coverage } };
}
