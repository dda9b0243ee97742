/**
 * Mutations of valid files, as plain data so fast-check can generate, shrink
 * and print them, and a failing case can be replayed from its seed. Positions
 * are fractions of the file length, so one mutation fits files of any size.
 * Node built-ins only: scripts/fuzz.mjs loads this file too.
 */
import type { Arbitrary } from 'fast-check';
import type FastCheck from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  /** A length, count or offset field set to a huge value (tried at both byte orders). */
  | { kind: 'huge'; at: number; width: 2 | 4 | 8; value: 'max' | 'signed-max' | 'high-bit'; littleEndian: boolean }
  | { kind: 'zero'; at: number; length: number }
  /** Copy a slice over another place: repeated structures, self-referencing offsets. */
  | { kind: 'copy'; from: number; length: number; to: number }
  | { kind: 'garbage'; at: number; bytes: number[] };

const pos = (fraction: number, length: number): number => Math.min(length - 1, Math.max(0, Math.floor(fraction * length)));

export function applyMutation(input: Buffer, m: Mutation): Buffer {
  if (input.length === 0) return input;
  const b = Buffer.from(input);
  switch (m.kind) {
    case 'truncate':
      return b.subarray(0, pos(m.at, b.length));
    case 'flip': {
      const i = pos(m.at, b.length);
      b[i] = (b[i] ?? 0) ^ (1 << (m.bit & 7));
      return b;
    }
    case 'huge': {
      const i = pos(m.at, b.length);
      if (i + m.width > b.length) return b;
      const bytes = Buffer.alloc(m.width, m.value === 'max' ? 0xff : 0);
      if (m.value === 'signed-max') { bytes.fill(0xff); bytes[m.littleEndian ? m.width - 1 : 0] = 0x7f; }
      if (m.value === 'high-bit') bytes[m.littleEndian ? m.width - 1 : 0] = 0x80;
      bytes.copy(b, i);
      return b;
    }
    case 'zero': {
      const i = pos(m.at, b.length);
      b.fill(0, i, Math.min(b.length, i + m.length));
      return b;
    }
    case 'copy': {
      const from = pos(m.from, b.length);
      const to = pos(m.to, b.length);
      b.copy(b, to, from, Math.min(b.length, from + m.length));
      return b;
    }
    case 'garbage': {
      const i = pos(m.at, b.length);
      Buffer.from(m.bytes).copy(b, i);
      return b;
    }
  }
}

export function applyMutations(input: Buffer, mutations: readonly Mutation[]): Buffer {
  return mutations.reduce(applyMutation, input);
}

/** The generator of mutation lists; `fc` is passed in so a plain-JS caller can share this file. */
export function mutationsArbitrary(fc: typeof FastCheck): Arbitrary<Mutation[]> {
  // Doubles crowd near 0 (they are drawn over their bit patterns), so positions come from integers:
  // mostly anywhere in the file, sometimes biased toward the start, where headers live.
  const raw = fc.integer({ min: 0, max: 0xffffffff });
  const at = fc.oneof({ arbitrary: fc.noBias(raw), weight: 3 }, { arbitrary: raw, weight: 1 }).map((n) => n / 0x100000000);
  const mutation: Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({
      kind: fc.constant('huge' as const), at,
      width: fc.constantFrom(2 as const, 4 as const, 8 as const),
      value: fc.constantFrom('max' as const, 'signed-max' as const, 'high-bit' as const),
      littleEndian: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('zero' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('copy' as const), from: at, length: fc.integer({ min: 1, max: 256 }), to: at }),
    fc.record({ kind: fc.constant('garbage' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}
