// Shared by the benchmarks: options, latency summaries and JSON-line output (figures only on stdout).
import os from 'node:os';

export interface LatencyStats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of `samples` (milliseconds), rounded to µs. */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: sorted.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), p999: r(at(0.999)), max: r(sorted.at(-1)!), mean: r(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

/** Writes one JSON line with the core count to stdout. */
export function emitLine(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ cores: os.availableParallelism(), ...line })}\n`);
}

/** Log lines for humans go to stderr, so that stdout stays JSON lines. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const mebibytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The value after `--name` on the command line, if any. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
