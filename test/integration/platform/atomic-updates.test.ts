import { expect } from 'chai';
import mongoose from 'mongoose';
import { useFreshDatabase } from '../../support/database';

/**
 * MongoDB's per-document atomicity, which every guarded update of the platform relies on,
 * checked under concurrency against the embedded database (FerretDB v1 lost concurrent updates
 * before ferretdb-patches/0002).
 */
describe('database: concurrent updates of one document', function () {
  this.timeout(60_000);
  useFreshDatabase('atomic_updates');
  const collection = () => mongoose.connection.db!.collection<{ _id: string; n?: number; m?: Record<string, number> }>('atomic');

  it('100 concurrent $inc on one document all count', async () => {
    await collection().insertOne({ _id: 'inc', n: 0 });
    await Promise.all(Array.from({ length: 100 }, () => collection().updateOne({ _id: 'inc' }, { $inc: { n: 1 } })));
    expect((await collection().findOne({ _id: 'inc' }))!.n).to.equal(100);
  });

  it('100 concurrent $set of different fields of one document all stay', async () => {
    await collection().insertOne({ _id: 'set', m: {} });
    await Promise.all(Array.from({ length: 100 }, (_, i) => collection().updateOne({ _id: 'set' }, { $set: { [`m.${i}`]: i } })));
    expect(Object.keys((await collection().findOne({ _id: 'set' }))!.m!)).to.have.length(100);
  });

  it('100 concurrent findOneAndUpdate upserts of one _id give 100 distinct values', async () => {
    const values = await Promise.all(Array.from({ length: 100 }, () => collection().findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' })));
    expect(new Set(values.map((v) => v!.n)).size).to.equal(100);
    expect(Math.max(...values.map((v) => v!.n!))).to.equal(100);
  });

  it('guarded updates under contention: exactly one of 50 claims wins', async () => {
    await collection().insertOne({ _id: 'claim', n: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => collection().updateOne({ _id: 'claim', n: 0 }, { $set: { n: i + 1 } })));
    expect(results.filter((r) => r.modifiedCount === 1)).to.have.length(1);
  });

  it('bulk writes of many guarded updates, several at once, finish and match exactly the documents their guards allow', async () => {
    // Before ferretdb-patches/0004 an update command held a connection per statement until it
    // ended, and 4 commands of 60 statements (more than the pool of 50) waited for ever.
    const docs = Array.from({ length: 240 }, (_, i) => ({ _id: `bulk-${i}`, n: i % 5 === 0 ? 1 : 0 }));
    await collection().insertMany(docs);
    const commands = [0, 1, 2, 3].map((c) => docs.slice(c * 60, (c + 1) * 60));
    const results = await Promise.all(commands.map((chunk) => collection().bulkWrite(chunk.map((d) => ({ updateOne: { filter: { _id: d._id, n: 0 }, update: { $set: { n: 2 } } } })), { ordered: false })));
    expect(results.map((r) => r.matchedCount)).to.deep.equal([48, 48, 48, 48]);
    const stored = await collection().find({ _id: { $in: docs.map((d) => d._id) } }).toArray();
    expect(stored.filter((d) => d.n === 2)).to.have.length(192);
    expect(stored.filter((d) => d.n === 1).map((d) => d._id).sort()).to.deep.equal(docs.filter((d) => d.n === 1).map((d) => d._id).sort());
  });
});
