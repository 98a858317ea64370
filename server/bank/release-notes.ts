import { createHash } from 'node:crypto';
import type { ReleaseNotes } from './model';

export interface PinnedRef {
  itemId: string;
  version: number;
  code: string;
}

/** What changed between two releases: added items, items whose pinned version changed, items gone. Pure. */
export function releaseNotes(previous: PinnedRef[], next: PinnedRef[]): ReleaseNotes {
  const before = new Map(previous.map((p) => [p.itemId, p]));
  const after = new Map(next.map((p) => [p.itemId, p]));
  const added: string[] = [];
  const changed: string[] = [];
  const retired: string[] = [];
  for (const [id, ref] of after) {
    const old = before.get(id);
    if (!old) added.push(ref.code);
    else if (old.version !== ref.version) changed.push(ref.code);
  }
  for (const [id, ref] of before) if (!after.has(id)) retired.push(ref.code);
  const sort = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { added: added.sort(sort), changed: changed.sort(sort), retired: retired.sort(sort) };
}

/** A release's identity: SHA-256 over its pinned (item, version, content hash) triples, sorted. */
export function releaseHash(pinned: Array<{ itemId: string; version: number; contentHash: string }>): string {
  const lines = pinned.map((p) => `${p.itemId}:${p.version}:${p.contentHash}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
