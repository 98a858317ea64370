import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashEntry, verifyChain, type ChainedEntry, type ChainedFields } from '../../../server/audit/chain';

function buildChain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: ChainedFields = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor: { kind: 'staff', id: `u${seq % 3}`, name: '张三' },
      action: seq % 2 ? 'user.create' : 'item.read',
      target: { type: 'user', id: `t${seq}` },
      details: { n: seq, nested: { b: 1, a: [1, 'x'] } },
      prevHash,
    };
    const hash = hashEntry(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).to.equal('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const shuffled = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(shuffled)).to.equal(canonicalJson(obj));
      }),
    );
  });

  it('accepts an intact chain', async () => {
    const report = await verifyChain(buildChain(25));
    expect(report).to.include({ ok: true, checked: 25, lastSeq: 25 });
  });

  it('names the entry whose content was edited', async () => {
    const chain = buildChain(10);
    chain[6] = { ...chain[6]!, details: { n: 999 } };
    const report = await verifyChain(chain);
    expect(report.ok).to.equal(false);
    expect(report.firstBreak).to.include({ kind: 'hash', seq: 7 });
    expect(report.checked).to.equal(6);
  });

  it('detects a deleted entry (gap) and a relinked one (prevHash)', async () => {
    const gap = buildChain(10);
    gap.splice(3, 1);
    expect((await verifyChain(gap)).firstBreak).to.include({ kind: 'gap', seq: 5, expectedSeq: 4 });

    const relinked = buildChain(5);
    const forged = { ...relinked[3]!, prevHash: 'f'.repeat(64) };
    relinked[3] = { ...forged, hash: hashEntry(forged) };
    expect((await verifyChain(relinked)).firstBreak).to.include({ kind: 'prev-hash', seq: 4 });
  });

  it('any single-field change anywhere in the chain is detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 7 }), fc.constantFrom('action', 'at', 'actor', 'target', 'details'), async (index, field) => {
        const chain = buildChain(8);
        const entry = { ...chain[index]! } as unknown as Record<string, unknown>;
        entry[field] = field === 'at' ? '2030-01-01T00:00:00.000Z' : field === 'action' ? 'forged.action' : { forged: true };
        chain[index] = entry as unknown as ChainedEntry;
        const report = await verifyChain(chain);
        expect(report.ok).to.equal(false);
        expect(report.firstBreak!.seq).to.equal(index + 1);
      }),
      { numRuns: 40 },
    );
  });
});
