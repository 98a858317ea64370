import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit log, as pure functions. Each entry's hash is SHA-256 over the
 * canonical JSON of the entry (keys sorted, no hash field) followed by the previous hash.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  kind: 'staff' | 'candidate' | 'system' | 'anonymous';
  id?: string;
  name?: string;
}

export interface AuditTarget {
  type: string;
  id?: string;
  label?: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What is hashed: everything about the entry except its own hash. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  details: { [key: string]: JsonValue };
  ip?: string;
  requestId?: string;
  prevHash: string;
}

export interface ChainedEntry extends ChainedFields {
  hash: string;
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEntry(fields: ChainedFields): string {
  const { prevHash, ...rest } = fields;
  return createHash('sha256').update(canonicalJson(rest)).update(prevHash).digest('hex');
}

export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number; message: string }
  | { kind: 'prev-hash'; seq: number; message: string }
  | { kind: 'hash'; seq: number; message: string };

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastSeq: number;
  lastHash: string;
  firstBreak?: ChainBreak & { id?: string };
}

/**
 * Walks entries in sequence order and reports the first broken link: a missing or repeated
 * sequence number, a prevHash that does not match the previous entry, or an entry whose
 * content no longer matches its hash (it was edited).
 */
export async function verifyChain(entries: AsyncIterable<ChainedEntry & { id?: string }> | Iterable<ChainedEntry & { id?: string }>): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const entry of entries) {
    const at = { seq: entry.seq, ...(entry.id ? { id: entry.id } : {}) };
    if (entry.seq !== expectedSeq) {
      return report(false, checked, expectedSeq - 1, prevHash, {
        kind: 'gap',
        expectedSeq,
        ...at,
        message: entry.seq > expectedSeq ? `sequence gap: entries ${expectedSeq}…${entry.seq - 1} are missing` : `sequence ${entry.seq} repeats or is out of order`,
      });
    }
    if (entry.prevHash !== prevHash) {
      return report(false, checked, expectedSeq - 1, prevHash, { kind: 'prev-hash', ...at, message: `entry ${entry.seq} does not link to entry ${entry.seq - 1} (prevHash differs)` });
    }
    const { hash, id: _id, ...fields } = entry;
    const recomputed = hashEntry(fields);
    if (recomputed !== hash) {
      return report(false, checked, expectedSeq - 1, prevHash, { kind: 'hash', ...at, message: `entry ${entry.seq} was altered: its content no longer matches its hash` });
    }
    checked += 1;
    prevHash = hash;
    expectedSeq += 1;
  }
  return report(true, checked, expectedSeq - 1, prevHash);
}

function report(ok: boolean, checked: number, lastSeq: number, lastHash: string, firstBreak?: ChainReport['firstBreak']): ChainReport {
  return { ok, checked, lastSeq, lastHash, ...(firstBreak ? { firstBreak } : {}) };
}
