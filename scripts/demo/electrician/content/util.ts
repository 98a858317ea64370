import { fmt, type Rand } from '../kit';

/** Small helpers shared by the content modules (no electrical knowledge here either). */

export const SQRT3 = Math.sqrt(3);
export const SQRT2 = Math.SQRT2;

/** A neighbour of `value` in `list` (the next one, or the previous one at the end). */
export function neighbour<T>(list: readonly T[], value: T, r?: Rand): T {
  const i = list.indexOf(value);
  if (i < 0) return list[0]!;
  const up = i + 1 < list.length;
  const down = i > 0;
  if (up && down && r) return list[r.chance(0.5) ? i + 1 : i - 1]!;
  return list[up ? i + 1 : i - 1]!;
}

/** `X<sub>n</sub>`. */
export function sub(symbol: string, index: string | number): string {
  return `${symbol}<sub>${index}</sub>`;
}

/** Formats to three significant figures (re-exported so content reads short). */
export const f3 = (x: number): string => fmt(x, 3);
export const f4 = (x: number): string => fmt(x, 4);

// ---------------------------------------------------------------------------------------------
// Number systems (values stay numbers so templates can compute and compare them)
// ---------------------------------------------------------------------------------------------

/** The value whose binary digits are those of `n` reversed (1101 → 1011). */
export function reverseBits(n: number): number {
  return parseInt(Math.round(n).toString(2).split('').reverse().join(''), 2);
}

/** `n` in 8421 BCD, one nibble per decimal digit: 35 → "0011 0101". */
export function bcd(n: number): string {
  return String(Math.round(n))
    .split('')
    .map((d) => Number(d).toString(2).padStart(4, '0'))
    .join(' ');
}

/** `(1011)<sub>2</sub>`-style notation. */
export function based(n: number, base: 2 | 8 | 10 | 16): string {
  return `(${Math.round(n).toString(base).toUpperCase()})<sub>${base}</sub>`;
}
