import { expect } from 'chai';
import fc from 'fast-check';
import { answerField, answerOf, answersOf, newerThanStored, valuesOf } from '../../../server/delivery/answer-record';
import { carriesAnswers, scoreOf, storedScore } from '../../../server/delivery/score-record';
import type { AttemptScore, ScoredPosition } from '../../../server/delivery/model';

const answerValue = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 200 }), fc.array(fc.constantFrom('A', 'B', 'C', 'D', '|', '"'), { maxLength: 8 }));
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const savedAt = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true });

describe('stored answers (one string per position)', () => {
  it('reads back exactly what was saved, whatever the value holds', () => {
    fc.assert(
      fc.property(answerValue, seq, savedAt, (v, s, t) => {
        expect(answerOf(answerField({ v, s, t }))).to.deep.equal({ v, s, t });
      }),
    );
  });

  it('orders the stored strings as their sequence numbers, so the guard in the filter compares seqs', () => {
    fc.assert(
      fc.property(seq, seq, answerValue, savedAt, (stored, incoming, v, t) => {
        // What `{answers.N: {$lt: <the bound for incoming>}}` matches: the stored string below the bound.
        const bound = (newerThanStored(0, incoming).$or[1]!['answers.0'] as { $lt: string }).$lt;
        expect(answerField({ v, s: stored, t }) < bound, `${stored} vs ${incoming}`).to.equal(stored < incoming);
      }),
    );
  });

  it('still reads answers saved as {v, s, t} objects, and guards them by their seq', () => {
    const t = new Date('2026-12-02T08:00:00Z');
    const answers = { '0': answerField({ v: 'B', s: 3, t }), '7': { v: ['A', 'C'], s: 12, t } };
    expect([...answersOf(answers)]).to.deep.equal([
      [0, { v: 'B', s: 3, t }],
      [7, { v: ['A', 'C'], s: 12, t }],
    ]);
    expect([...valuesOf(answers)]).to.deep.equal([
      [0, 'B'],
      [7, ['A', 'C']],
    ]);
    expect(newerThanStored(7, 13).$or[2]).to.deep.equal({ 'answers.7.s': { $lt: 13 } });
    expect(answersOf(undefined).size).to.equal(0);
  });
});

describe('stored scores (rows packed into one string)', () => {
  const row = fc.record({
    position: fc.nat(200),
    itemId: fc.stringMatching(/^[0-9a-f]{24}$/),
    version: fc.integer({ min: 1, max: 50 }),
    type: fc.constantFrom('judge', 'single', 'multiple', 'short'),
    section: fc.integer({ min: 1, max: 4 }),
    status: fc.constantFrom<ScoredPosition['status']>('scored', 'needs-marking', 'unanswered'),
    points: fc.double({ min: 0, max: 10, noNaN: true }),
    max: fc.integer({ min: 1, max: 10 }),
    answer: fc.option(answerValue, { nil: undefined }),
  });

  it('reads back the same score, answers included', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 120 }), (rows) => {
        const items = rows.map(({ answer, ...r }) => (answer === undefined ? r : { ...r, answer }));
        const score: AttemptScore = { total: 12.5, max: 100, sections: [{ section: 1, title: '判断题', points: 12.5, max: 100 }], items, needsMarking: 1, answered: 2, scoredAt: new Date('2026-12-02T08:00:00Z') };
        const stored = storedScore(score);
        expect(stored).to.not.have.property('items');
        expect(stored.needsMarking).to.equal(1);
        expect(carriesAnswers(stored)).to.equal(true);
        expect(scoreOf(stored)).to.deep.equal(score);
      }),
    );
  });

  it('reads a score written before rows were packed as it is', () => {
    const legacy: AttemptScore = { total: 1, max: 2, sections: [], items: [{ position: 0, itemId: 'a'.repeat(24), version: 1, type: 'judge', section: 1, status: 'scored', points: 1, max: 1 }], needsMarking: 0, answered: 1, scoredAt: new Date() };
    expect(scoreOf(legacy)).to.equal(legacy);
    expect(carriesAnswers(legacy)).to.equal(false);
  });
});
