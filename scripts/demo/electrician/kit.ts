import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Level } from '../../../server/standards/schemas';

/**
 * The toolkit of the demo item generator: a seeded random source, number formatting, and the
 * shapes content modules fill in (facts, numeric templates, multi-answer templates, short
 * calculations). Nothing here knows about electricity.
 */

// ---------------------------------------------------------------------------------------------
// Seeded randomness (pure-rand; never Math.random)
// ---------------------------------------------------------------------------------------------

/** FNV-1a, so each point/template gets its own stream derived from the seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rand {
  private readonly rng: RandomGenerator;

  private constructor(rng: RandomGenerator) {
    this.rng = rng;
  }

  /** A stream for one seed and one purpose (e.g. a point code): independent of other purposes. */
  static of(seed: number, salt: string): Rand {
    return new Rand(xoroshiro128plus((seed ^ hash32(salt)) | 0));
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[this.int(0, list.length - 1)]!;
  }

  chance(probability: number): boolean {
    return this.int(0, 9999) < probability * 10000;
  }

  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `count` distinct elements, in random order. */
  sample<T>(list: readonly T[], count: number): T[] {
    return this.shuffle(list).slice(0, count);
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers and text
// ---------------------------------------------------------------------------------------------

/** A number to `sig` significant figures, without trailing zeros or exponent: 0.4545 → "0.455". */
export function fmt(x: number, sig = 3): string {
  if (!Number.isFinite(x)) throw new Error(`cannot format ${x}`);
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(sig));
  const text = String(rounded);
  if (/e/i.test(text)) throw new Error(`number ${x} needs an exponent; choose other units`);
  return text;
}

/** Rounds to `digits` decimals (for values that must be exact, like a resistance of 7.5 Ω). */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** True when two values would be read as different answers (relative difference > 10%). */
export function clearlyDifferent(a: number, b: number): boolean {
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-12);
  return Math.abs(a - b) / scale > 0.1;
}

/** Wraps plain text in one paragraph; text may already contain <sub>/<sup>. */
export function p(text: string): string {
  return text.startsWith('<p>') ? text : `<p>${text}</p>`;
}

/** The parenthesis a 选择题 stem ends with. */
export const BLANK = '（　）';

// ---------------------------------------------------------------------------------------------
// What content modules provide
// ---------------------------------------------------------------------------------------------

/**
 * A conceptual fact. It yields a single-choice item (`q`, `a`, `d`), a true 判断题 (`t`) and a
 * false one (`f`), all in one enemy group (one would give the others away).
 */
export interface Fact {
  /** Single-choice stem, ending with （　）. */
  q?: string;
  /** The correct option. */
  a?: string;
  /** At least three wrong options. */
  d?: string[];
  /** A true declarative sentence. */
  t?: string;
  /** A false declarative sentence (a plausible mistake). */
  f?: string;
  /** 解析. */
  why?: string;
  diff?: number;
  levels?: Level[];
}

/** A multi-answer fact: at least two right and enough wrong statements for five options. */
export interface MultiFact {
  q: string;
  right: string[];
  wrong: string[];
  why?: string;
  diff?: number;
}

/** One computed question: the correct value, typical wrong values and a worked explanation. */
export interface CalcInstance {
  /** Single-choice stem (ends with （　）). */
  question: string;
  /** 判断题 stem stating `value` as the result. */
  statement: (value: string) => string;
  answer: number;
  /** Typical mistakes, most typical first (U×R instead of U/R…). */
  wrong: number[];
  /** Formats a value with its unit; default `${fmt(x)} ${unit}`. */
  show: (x: number) => string;
  explanation: string;
  difficulty: number;
  levels?: Level[];
}

export type Params = Record<string, number>;

export interface CalcTemplate<P extends Params = Params> {
  id: string;
  tags: string[];
  sample: (r: Rand) => P;
  /** Near-duplicate parameters (same formula, numbers a step away): an enemy-group twin. */
  nudge?: (r: Rand, p: P) => P;
  build: (p: P) => CalcInstance;
}

export interface MultiInstance {
  stem: string;
  right: string[];
  wrong: string[];
  explanation: string;
  difficulty: number;
}

export interface MultiTemplate<P extends Params = Params> {
  id: string;
  tags: string[];
  sample: (r: Rand) => P;
  build: (p: P) => MultiInstance;
}

export interface ShortInstance {
  stem: string;
  referenceAnswer: string;
  markingPoints: Array<{ text: string; points: number }>;
  difficulty: number;
  levels?: Level[];
}

export interface ShortTemplate<P extends Params = Params> {
  id: string;
  tags: string[];
  sample: (r: Rand) => P;
  build: (p: P) => ShortInstance;
}

/** Everything generated for one appraisal point, and how many computed items of each type. */
export interface PointContent {
  facts?: Fact[];
  multis?: MultiFact[];
  calcs?: CalcTemplate<any>[];
  multiCalcs?: MultiTemplate<any>[];
  shorts?: ShortTemplate<any>[];
  /** Computed items to generate from `calcs` / `multiCalcs` / `shorts`. */
  plan?: { judge?: number; single?: number; multiple?: number; short?: number };
}

export type ContentMap = Record<string, PointContent>;

/** Convenience for templates whose value shows as `${fmt(x)} ${unit}`. */
export function unit(u: string, sig = 3): (x: number) => string {
  return (x) => (u ? `${fmt(x, sig)} ${u}` : fmt(x, sig));
}

/** Typed helper so `sample` and `build` agree on the parameter shape. */
export function calc<P extends Params>(template: CalcTemplate<P>): CalcTemplate<P> {
  return template;
}
export function multi<P extends Params>(template: MultiTemplate<P>): MultiTemplate<P> {
  return template;
}
export function short<P extends Params>(template: ShortTemplate<P>): ShortTemplate<P> {
  return template;
}
