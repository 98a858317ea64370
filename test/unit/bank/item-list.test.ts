import { expect } from 'chai';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { selectItemRows } from '../../../server/bank/item-list';
import type { ItemDoc } from '../../../server/bank/model';

function row(overrides: Partial<ItemDoc>): ItemDoc {
  return {
    _id: new mongoose.Types.ObjectId(),
    bankId: new mongoose.Types.ObjectId(),
    code: 'AA001-001',
    type: 'judge',
    pointCode: 'AA001',
    levels: [5, 4],
    difficulty: 3,
    tags: [],
    stemText: '',
    latestVersion: 1,
    latestState: 'draft',
    latestAuthorId: 'u1',
    approvedVersion: null,
    retired: false,
    createdBy: 'u1',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

describe('item list filter (pure)', () => {
  const rows = [
    row({ code: 'AA001-001', pointCode: 'AA001', tags: ['欧姆定律'], stemText: '电阻两端的电压' }),
    row({ code: 'AB002-001', pointCode: 'AB002', type: 'single', levels: [3], latestState: 'approved', approvedVersion: 1, latestAuthorId: 'u2' }),
    row({ code: 'AB002-002', pointCode: 'AB002', latestState: 'submitted', approvedVersion: 1, retired: true }),
    row({ code: 'B001-001', pointCode: 'B001', stemText: 'Ohm LAW' }),
  ];
  const codes = (filter: Parameters<typeof selectItemRows>[1]) => selectItemRows(rows, filter).map((r) => r.code);

  it('matches an exact point code, or a scope prefix', () => {
    expect(codes({ point: 'AB002', searchStems: false })).to.deep.equal(['AB002-001', 'AB002-002']);
    expect(codes({ point: 'A', searchStems: false })).to.deep.equal(['AA001-001', 'AB002-001', 'AB002-002']);
    expect(codes({ point: 'B001', searchStems: false })).to.deep.equal(['B001-001']);
  });

  it('status: a state excludes retired items; usable means approved and not retired', () => {
    expect(codes({ status: 'submitted', searchStems: false })).to.deep.equal([]);
    expect(codes({ status: 'retired', searchStems: false })).to.deep.equal(['AB002-002']);
    expect(codes({ status: 'usable', searchStems: false })).to.deep.equal(['AB002-001']);
  });

  it('searches codes and tags for everyone, stems only for readers of item bodies, ignoring case', () => {
    expect(codes({ q: '电压', searchStems: false })).to.deep.equal([]);
    expect(codes({ q: '电压', searchStems: true })).to.deep.equal(['AA001-001']);
    expect(codes({ q: '欧姆', searchStems: false })).to.deep.equal(['AA001-001']);
    expect(codes({ q: 'ohm law', searchStems: true })).to.deep.equal(['B001-001']);
    expect(codes({ q: 'ab002-00', searchStems: false })).to.deep.equal(['AB002-001', 'AB002-002']);
  });

  it('filters compose as a conjunction and keep the order they were given', () => {
    fc.assert(
      fc.property(fc.constantFrom(undefined, 'judge', 'single'), fc.constantFrom(undefined, 3, 4, 5), fc.constantFrom(undefined, 'u1', 'u2'), (type, level, authorId) => {
        const filter = { ...(type ? { type } : {}), ...(level ? { level } : {}), ...(authorId ? { authorId } : {}), searchStems: false };
        const expected = rows.filter((r) => (!type || r.type === type) && (!level || r.levels.includes(level)) && (!authorId || r.latestAuthorId === authorId)).map((r) => r.code);
        expect(codes(filter)).to.deep.equal(expected);
      }),
    );
  });
});
