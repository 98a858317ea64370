import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashEntry, verifyChain, type ChainedEntry, type ChainedFields } from '../../../server/audit/chain';

function chainOf(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: ChainedFields = { seq, at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), actor: { kind: 'system' }, action: 'item.edit', target: { type: 'item', id: `i${seq}` }, details: { version: seq }, prevHash };
    const hash = hashEntry(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit hash chain: each hash commits to the previous entry', () => {
  it('is SHA-256 over the canonical entry followed by prevHash (a known answer)', () => {
    const fields: ChainedFields = { seq: 7, at: '2026-01-01T00:00:07.000Z', actor: { kind: 'staff', id: 'u1', name: '张三' }, action: 'item.approve', target: { type: 'item', id: 'i7', label: 'AB001-003' }, details: { version: 2 }, prevHash: 'a'.repeat(64) };
    const { prevHash, ...rest } = fields;
    const expected = createHash('sha256').update(canonicalJson(rest)).update(prevHash).digest('hex');
    expect(hashEntry(fields)).to.equal(expected);
  });

  it('changes whenever prevHash changes, all else equal', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(hex, hex, fc.integer({ min: 1, max: 10_000 }), (a, b, seq) => {
        fc.pre(a !== b);
        const fields: ChainedFields = { seq, at: '2026-01-01T00:00:00.000Z', actor: { kind: 'system' }, action: 'x', target: { type: 't' }, details: {}, prevHash: a };
        return hashEntry(fields) !== hashEntry({ ...fields, prevHash: b });
      }),
    );
  });

  it('detects an entry replaced by a forgery whose successor was relinked to it', async () => {
    const entries = chainOf(5);
    // Forge entry 3 (new content, a hash that matches it) and point entry 4 at the forgery
    // without recomputing entry 4's hash: only a hash that covers prevHash exposes this.
    const { hash: _old, ...original } = entries[2]!;
    const forged: ChainedFields = { ...original, details: { version: 99 } };
    entries[2] = { ...forged, hash: hashEntry(forged) };
    entries[3] = { ...entries[3]!, prevHash: entries[2].hash };
    const report = await verifyChain(entries);
    expect(report.ok).to.equal(false);
    expect(report.firstBreak).to.deep.include({ kind: 'hash', seq: 4 });
  });
});
