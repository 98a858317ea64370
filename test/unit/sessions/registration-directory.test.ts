import { expect } from 'chai';
import mongoose from 'mongoose';
import { RegistrationDirectory } from '../../../server/sessions/registration-directory';
import type { RegistrationDoc } from '../../../server/sessions/model';

/** A directory on a hand-moved clock whose reads are counted and settle when the test says. */
function directory(maxAgeMs = 30_000) {
  let now = 1_000_000;
  const reads: Array<{ sessionId: string; settle: () => void }> = [];
  const registrations = (sessionId: mongoose.Types.ObjectId) =>
    [1, 2].map((n) => ({ _id: new mongoose.Types.ObjectId(), sessionId, admissionNo: `${String(sessionId).slice(-4)}-${n}` }) as unknown as RegistrationDoc);
  const dir = new RegistrationDirectory(maxAgeMs, () => now, (sessionId) => new Promise((resolve) => reads.push({ sessionId: String(sessionId), settle: () => resolve(registrations(sessionId)) })));
  return {
    dir,
    reads,
    advance: (ms: number) => void (now += ms),
    now: () => now,
    /** Lets every pending read finish and its copy be stored. */
    settle: async () => {
      for (const r of reads.splice(0)) r.settle();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('registration directory: keeping the starting sessions fresh', () => {
  const session = new mongoose.Types.ObjectId();

  it('reads a kept session at once, again only once half the allowed age has passed, and never twice at a time', async () => {
    const d = directory(30_000);
    d.dir.keepFresh(session, new Date(d.now() + 600_000));
    d.dir.refreshKept();
    d.dir.refreshKept();
    expect(d.reads.map((r) => r.sessionId)).to.deep.equal([String(session)]);
    await d.settle();
    d.advance(14_000);
    d.dir.refreshKept();
    expect(d.reads).to.have.length(0);
    d.advance(1_000);
    d.dir.refreshKept();
    expect(d.reads.map((r) => r.sessionId)).to.deep.equal([String(session)]);
    await d.settle();
    // The copy read then is the one lookups get: fresh, so no read of the database.
    expect((await d.dir.byAdmissionNo(`${String(session).slice(-4)}-1`))?.admissionNo).to.equal(`${String(session).slice(-4)}-1`);
    d.advance(10_000_000);
    d.dir.refreshKept();
  });

  it('stops at the time it was given, and the latest time for a session wins', async () => {
    const d = directory(30_000);
    d.dir.keepFresh(session, new Date(d.now() + 20_000));
    d.dir.keepFresh(session, new Date(d.now() + 60_000));
    d.dir.keepFresh(session, new Date(d.now() + 40_000));
    d.dir.refreshKept();
    await d.settle();
    d.advance(50_000);
    d.dir.refreshKept();
    expect(d.reads).to.have.length(1);
    await d.settle();
    d.advance(20_000);
    d.dir.refreshKept();
    expect(d.reads).to.have.length(0);
    expect(d.dir.keptFresh()).to.deep.equal([]);
  });

  it('ignores a time already past, and keeps at most 16 sessions (the one ending soonest gives way)', () => {
    const d = directory();
    d.dir.keepFresh(session, new Date(d.now() - 1));
    expect(d.dir.keptFresh()).to.deep.equal([]);
    const ids = Array.from({ length: 17 }, () => new mongoose.Types.ObjectId());
    ids.forEach((id, i) => d.dir.keepFresh(id, new Date(d.now() + 60_000 + i * 1000)));
    expect(d.dir.keptFresh()).to.have.length(16);
    expect(d.dir.keptFresh()).to.not.include(String(ids[0]));
    expect(d.dir.keptFresh()).to.include(String(ids[16]));
    d.advance(10_000_000);
    d.dir.refreshKept();
    expect(d.reads).to.have.length(0);
  });
});
