// Shared by the benchmarks: options, latency summaries and JSON-line output (figures only on stdout).
import { readdirSync, readFileSync } from 'node:fs';
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

/** CPU seconds used so far by this process and each of its descendants, summed by command name (`node`, `ferretdb`, `postgres`…), from /proc (Linux). */
export function cpuSecondsByCommand(): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; comm: string; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces; the fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      procs.set(Number(entry), { ppid: Number(fields[1]), comm, cpu: (Number(fields[11]) + Number(fields[12])) / ticks });
    } catch {
      // The process ended while being read.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) if (!ours.has(pid) && ours.has(p.ppid)) grew = ours.add(pid) !== undefined;
  }
  const totals: Record<string, number> = {};
  for (const pid of ours) {
    const p = procs.get(pid);
    if (!p) continue;
    const name = pid === process.pid ? 'bench' : p.comm;
    totals[name] = Math.round(((totals[name] ?? 0) + p.cpu) * 100) / 100;
  }
  return totals;
}

/** The CPU seconds each command used between two `cpuSecondsByCommand()` readings. */
export function cpuSince(before: Record<string, number>): Record<string, number> {
  const now = cpuSecondsByCommand();
  return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, Math.round((v - (before[k] ?? 0)) * 100) / 100]));
}

/** Runs a benchmark's `main` and exits: 0 when it finished, 1 with the error's stack on stderr when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      note(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
