import { expect } from 'chai';
import { attemptDeadline, formForSerial, startRefusal, withinDeadline } from '../../../server/sessions/rules';

const at = (iso: string) => new Date(iso);

describe('session rules', () => {
  it('gives registrations the forms in turn by serial (A, B, A, B…), and none when there are no forms', () => {
    expect([1, 2, 3, 4, 5].map((serial) => formForSerial(['A', 'B'], serial))).to.deep.equal(['A', 'B', 'A', 'B', 'A']);
    expect([1, 2, 3, 4].map((serial) => formForSerial(['A', 'B', 'C'], serial))).to.deep.equal(['A', 'B', 'C', 'A']);
    expect(formForSerial([], 1)).to.equal(undefined);
  });

  it('ends an attempt at the earlier of start plus duration and the session end', () => {
    const times = { endsAt: at('2026-12-02T10:00:00Z'), durationMinutes: 90 };
    expect(attemptDeadline(at('2026-12-02T08:00:00Z'), times).toISOString()).to.equal('2026-12-02T09:30:00.000Z');
    expect(attemptDeadline(at('2026-12-02T09:00:00Z'), times).toISOString()).to.equal('2026-12-02T10:00:00.000Z');
  });

  it('accepts a write until the deadline plus the grace, not after', () => {
    const deadline = at('2026-12-02T09:30:00Z');
    expect(withinDeadline(at('2026-12-02T09:30:09Z'), deadline, 10)).to.equal(true);
    expect(withinDeadline(at('2026-12-02T09:30:11Z'), deadline, 10)).to.equal(false);
  });

  it('refuses a start before the start time and after the late-entry cut-off', () => {
    const times = { startsAt: at('2026-12-02T08:00:00Z'), endsAt: at('2026-12-02T10:00:00Z'), durationMinutes: 90, lateEntryMinutes: 15 };
    expect(startRefusal(at('2026-12-02T07:59:59Z'), times)).to.equal('too-early');
    expect(startRefusal(at('2026-12-02T08:10:00Z'), times)).to.equal(undefined);
    expect(startRefusal(at('2026-12-02T08:16:00Z'), times)).to.equal('too-late');
  });
});
