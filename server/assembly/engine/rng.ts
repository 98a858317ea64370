import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { ALGORITHM_VERSION, type Seed } from './types';

/**
 * Seeded randomness for the engine, on pure-rand's xoroshiro128+.
 *
 * Each purpose (the draw, option orders, item order, form k…) gets its own stream whose 128-bit
 * state is the SHA-256 of (algorithm version, seed, label). Streams are therefore independent of
 * one another and stable: adding a draw step does not shift the option permutations.
 */
export type Rng = RandomGenerator;

/** Seeds are kept as strings on papers; numbers must be safe integers. */
export function normaliseSeed(seed: Seed): string {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`a numeric seed must be a safe integer, got ${seed}`);
    return String(seed);
  }
  if (seed.length === 0 || seed.length > 200) throw new RangeError('a seed must be a string of 1–200 characters');
  return seed;
}

export function streamFor(seed: string, label: string): Rng {
  const digest = createHash('sha256').update(`${ALGORITHM_VERSION}\u0000${seed}\u0000${label}`).digest();
  const state: number[] = [digest.readInt32LE(0), digest.readInt32LE(4), digest.readInt32LE(8), digest.readInt32LE(12)];
  // xoroshiro's all-zero state is a fixed point; SHA-256 output is never all zero in practice,
  // but keep the guarantee explicit.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

/** Uniform integer in [0, n). */
export function randomIndex(rng: Rng, n: number): number {
  return n <= 1 ? 0 : uniformInt(rng, 0, n - 1);
}

/** Uniform float in [0, 1). */
export function randomUnit(rng: Rng): number {
  return uniformFloat64(rng);
}

export function shuffleInPlace<T>(rng: Rng, values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

/** A uniformly random permutation of 0..n-1. */
export function randomPermutation(rng: Rng, n: number): number[] {
  return shuffleInPlace(rng, Array.from({ length: n }, (_, i) => i));
}

export function identityPermutation(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
