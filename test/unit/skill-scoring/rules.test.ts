import { expect } from 'chai';
import fc from 'fast-check';
import { combineScores, panelSizeRefusal, roundScore, scoreRows, fewestScoresFor, type CombinationRule } from '../../../server/skill-scoring/rules';
import { questionTypes } from '../../../server/question-types';

const MEAN: CombinationRule = { method: 'mean', trim: 1 };
const MEDIAN: CombinationRule = { method: 'median', trim: 1 };
const TRIMMED: CombinationRule = { method: 'trimmed', trim: 1 };

describe('skill scoring rules (pure)', () => {
  // Expected values computed independently with Python 3's `statistics` module:
  // statistics.mean([88, 92.5, 71]) = 83.8333…, statistics.median(...) = 88,
  // statistics.median([60, 70, 80, 95]) = 75.0, statistics.mean([90, 85, 95, 40, 88]) = 79.6,
  // statistics.mean(sorted([90, 85, 95, 40, 88])[1:-1]) = 87.6666….
  it('combines by mean, median and trimmed mean as Python’s statistics module does', () => {
    expect(combineScores([88, 92.5, 71], MEAN)).to.be.closeTo(83.833333, 1e-6);
    expect(combineScores([88, 92.5, 71], MEDIAN)).to.equal(88);
    expect(combineScores([60, 70, 80, 95], MEDIAN)).to.equal(75);
    expect(combineScores([90, 85, 95, 40, 88], MEAN)).to.be.closeTo(79.6, 1e-9);
    expect(combineScores([90, 85, 95, 40, 88], MEDIAN)).to.equal(88);
    expect(combineScores([90, 85, 95, 40, 88], TRIMMED)).to.be.closeTo(87.666667, 1e-6);
  });

  it('refuses to combine nothing, or too few scores to trim', () => {
    expect(() => combineScores([], MEAN)).to.throw(RangeError);
    expect(() => combineScores([1, 2], TRIMMED)).to.throw(RangeError);
    expect(fewestScoresFor({ method: 'trimmed', trim: 2 })).to.equal(5);
  });

  it('property: every rule lies between the lowest and the highest score, and ignores order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 3, maxLength: 15 }), fc.constantFrom(MEAN, MEDIAN, TRIMMED), (scores, rule) => {
        const combined = combineScores(scores, rule);
        expect(combined).to.be.at.least(Math.min(...scores) - 1e-9);
        expect(combined).to.be.at.most(Math.max(...scores) + 1e-9);
        expect(combineScores([...scores].reverse(), rule)).to.be.closeTo(combined, 1e-9);
      }),
    );
  });

  it('property: the median and the trimmed mean ignore one wild score among agreeing examiners', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (agreed, wild) => {
        expect(combineScores([agreed, agreed, wild], MEDIAN)).to.equal(agreed);
        expect(combineScores([agreed, wild, agreed], TRIMMED)).to.equal(agreed);
      }),
    );
  });

  it('rounds to one decimal', () => {
    expect(roundScore(83.83333)).to.equal(83.8);
    expect(roundScore(87.25)).to.equal(87.3);
    expect(roundScore(0.05)).to.equal(0.1);
  });

  it('checks the panel size: at least the minimum, odd when required', () => {
    const rule = { min: 3, odd: true };
    expect(panelSizeRefusal(2, rule)).to.equal('too-few');
    expect(panelSizeRefusal(3, rule)).to.equal(undefined);
    expect(panelSizeRefusal(4, rule)).to.equal('even');
    expect(panelSizeRefusal(5, rule)).to.equal(undefined);
    expect(panelSizeRefusal(4, { min: 3, odd: false })).to.equal(undefined);
  });

  it('scores rows from deductions, capped at each row’s points; a veto sets the sheet to 0', () => {
    const rows = [{ points: 40 }, { points: 35 }, { points: 25 }];
    expect(scoreRows(rows, [5, 0, 30], false)).to.deep.equal({ rows: [{ points: 40, deduction: 5, score: 35 }, { points: 35, deduction: 0, score: 35 }, { points: 25, deduction: 30, score: 0 }], total: 70 });
    expect(scoreRows(rows, [0, 0, 0], true).total).to.equal(0);
  });

  it('property: the row total agrees with the skill question type’s own score of the sheet', () => {
    const module = questionTypes.get('skill');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 8 }), fc.boolean(), (pairs, vetoed) => {
        const rows = pairs.map(([points]) => ({ element: '要素', requirement: '要求', points, deductionRules: '扣分', veto: false }));
        const total = rows.reduce((a, r) => a + r.points, 0);
        const content = { type: 'skill', pointCode: 'E001', levels: [3], difficulty: 3, estimatedSeconds: 60, stem: '<p>任务</p>', explanation: '', tags: [], venuePreparation: [], candidatePreparation: [], timeAllowedMinutes: 60, scoringRows: rows };
        const deductions = pairs.map(([, d]) => d);
        const viaType = module.score(content as never, { deductions, vetoed } as never, { points: total } as never);
        expect(viaType.status).to.equal('scored');
        expect(scoreRows(rows, deductions, vetoed).total).to.be.closeTo((viaType as { points: number }).points, 1e-9);
      }),
    );
  });
});
