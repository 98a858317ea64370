/**
 * The exam page's answer queue, kept in localStorage so that nothing a candidate typed is lost
 * to a network drop, a reload or a crash of the tab. Pure logic over a storage interface (unit
 * tested in Node): an answer leaves the queue only when the server acknowledged that exact seq.
 */

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface PendingAnswer {
  position: number;
  value: unknown;
  seq: number;
}

interface Stored {
  lastSeq: number;
  pending: Record<string, PendingAnswer>;
  flags: number[];
}

export class AnswerQueue {
  private state: Stored;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    /** Server-corrected milliseconds since the epoch. */
    private readonly now: () => number,
  ) {
    this.state = AnswerQueue.read(storage, key);
  }

  private static read(storage: KeyValueStorage, key: string): Stored {
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Stored> | null;
      if (parsed && typeof parsed === 'object') return { lastSeq: Number(parsed.lastSeq) || 0, pending: parsed.pending ?? {}, flags: Array.isArray(parsed.flags) ? parsed.flags : [] };
    } catch {
      // A corrupt entry is replaced; the server still holds every acknowledged answer.
    }
    return { lastSeq: 0, pending: {}, flags: [] };
  }

  private write(): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Storage full or disabled: the queue still works for this page's lifetime.
    }
  }

  /**
   * Sequence numbers grow with (server-corrected) time, so that another browser or a reload
   * with lost storage still writes above what the server holds, and never repeat in one queue.
   */
  private nextSeq(): number {
    const seq = Math.max(this.state.lastSeq + 1, Math.floor(this.now()) * 1000);
    this.state.lastSeq = seq;
    return seq;
  }

  /** A new value at a position: queued (replacing an unsent older one) and persisted at once. */
  record(position: number, value: unknown): PendingAnswer {
    const entry = { position, value, seq: this.nextSeq() };
    this.state.pending[String(position)] = entry;
    this.write();
    return entry;
  }

  pending(): PendingAnswer[] {
    return Object.values(this.state.pending).sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return Object.keys(this.state.pending).length;
  }

  /** The server stored `seq` (or a newer one) at `position`: the entry leaves the queue only if it is that one or older. */
  acknowledge(position: number, seq: number): void {
    const entry = this.state.pending[String(position)];
    if (entry && entry.seq <= seq) {
      delete this.state.pending[String(position)];
      this.write();
    }
  }

  /**
   * Merges what the server holds (after a reload, say): queued answers newer than the server's
   * stay queued and will be sent; older ones are dropped. Returns the value to show per position.
   */
  merge(server: ReadonlyArray<{ position: number; value: unknown; seq: number }>): Map<number, unknown> {
    const shown = new Map<number, unknown>();
    for (const answer of server) {
      shown.set(answer.position, answer.value);
      if (answer.seq > this.state.lastSeq) this.state.lastSeq = answer.seq;
      const queued = this.state.pending[String(answer.position)];
      if (queued && queued.seq <= answer.seq) delete this.state.pending[String(answer.position)];
    }
    for (const queued of Object.values(this.state.pending)) shown.set(queued.position, queued.value);
    this.write();
    return shown;
  }

  flags(): Set<number> {
    return new Set(this.state.flags);
  }

  toggleFlag(position: number): boolean {
    const flags = new Set(this.state.flags);
    const on = !flags.has(position);
    if (on) flags.add(position);
    else flags.delete(position);
    this.state.flags = [...flags];
    this.write();
    return on;
  }
}

/** Whether a value counts as answered (an empty selection or blank text does not). */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
