/**
 * A plane homography (3x3 projective map) from four point pairs, and a
 * perspective warp of a greyscale image through it with bilinear sampling.
 * sharp has affine transforms only; the npm packages that solve the matrix
 * (perspective-transform) do not sample and bundle an unmaintained numeric
 * library, so the ~60 lines live here, tested in test/extract/homography.test.ts.
 */

export interface Point { x: number; y: number }

/** Row-major [h0..h8] with h8 = 1: x' = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), y' likewise with h3..h5. */
export type Homography = readonly number[];

/** Solve A x = b in place by Gaussian elimination with partial pivoting; undefined when A is singular. */
function solveLinear(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let row = col + 1; row < n; row++) {
      const f = a[row]![col]! / a[col]![col]!;
      for (let k = col; k < n; k++) a[row]![k]! -= f * a[col]![k]!;
      b[row]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

/** The homography taking each `from[i]` to `to[i]` (four points each, no three on a line); undefined when degenerate. */
export function homographyFrom(from: readonly Point[], to: readonly Point[]): Homography | undefined {
  if (from.length !== 4 || to.length !== 4) return undefined;
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solveLinear(a, b);
  return h ? [...h, 1] : undefined;
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + 1;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

export interface GreyImage { data: Uint8Array; width: number; height: number }

/**
 * The `width` x `height` image whose pixel (x, y) is the source seen at
 * `toSource(x, y)`, bilinear; outside the source it is white (paper).
 * Pixel centres are at +0.5, so a quad given in pixel-edge coordinates maps exactly.
 */
export function warpGrey(source: GreyImage, toSource: Homography, width: number, height: number): GreyImage {
  const out = new Uint8Array(width * height);
  const { data, width: sw, height: sh } = source;
  const [h0, h1, h2, h3, h4, h5, h6, h7] = toSource as number[];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    for (let x = 0; x < width; x++) {
      const cx = x + 0.5;
      const w = h6! * cx + h7! * cy + 1;
      const sx = (h0! * cx + h1! * cy + h2!) / w - 0.5;
      const sy = (h3! * cx + h4! * cy + h5!) / w - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        out[y * width + x] = 255;
        continue;
      }
      const fx = sx - x0, fy = sy - y0;
      const i = y0 * sw + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + sw]! + (data[i + sw + 1]! - data[i + sw]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { data: out, width, height };
}
