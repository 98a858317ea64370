import { expect } from 'chai';
import { markRefusal, stateAfter } from '../../../server/marking/rules';
import { rescore } from '../../../server/marking/rescore';
import type { AttemptScore } from '../../../server/delivery/model';

const m = (round: number, examinerId: string, points: number) => ({ round, examinerId, points });

describe('marking rules: single and double marking', () => {
  it('single marking: the first mark is final', () => {
    expect(stateAfter({ double: false, tolerance: 0 }, [])).to.deep.equal({ state: 'open' });
    expect(stateAfter({ double: false, tolerance: 0 }, [m(1, 'a', 7.5)])).to.deep.equal({ state: 'done', final: 7.5 });
  });

  it('double marking: the mean within the tolerance (inclusive), arbitration beyond it, the third mark final', () => {
    const plan = { double: true, tolerance: 2 };
    expect(stateAfter(plan, [m(1, 'a', 8)])).to.deep.equal({ state: 'second' });
    expect(stateAfter(plan, [m(1, 'a', 8), m(2, 'b', 6)])).to.deep.equal({ state: 'done', final: 7 });
    expect(stateAfter(plan, [m(1, 'a', 8), m(2, 'b', 5.5)])).to.deep.equal({ state: 'arbitration' });
    expect(stateAfter(plan, [m(1, 'a', 8), m(2, 'b', 3), m(3, 'c', 6)])).to.deep.equal({ state: 'done', final: 6 });
  });

  it('refuses a second mark by the same examiner, a finished task, and points off the range or the half-point step', () => {
    expect(markRefusal('second', ['a'], 'a', 5, 10)).to.equal('already-marked');
    expect(markRefusal('done', ['a'], 'b', 5, 10)).to.equal('done');
    expect(markRefusal('open', [], 'a', 10.5, 10)).to.equal('out-of-range');
    expect(markRefusal('open', [], 'a', -1, 10)).to.equal('out-of-range');
    expect(markRefusal('open', [], 'a', 3.3, 10)).to.equal('step');
    expect(markRefusal('arbitration', ['a', 'b'], 'c', 9.5, 10)).to.equal(undefined);
  });
});

describe('rescore: an attempt scored again after a key correction', () => {
  const score: AttemptScore = {
    total: 6,
    max: 14,
    sections: [{ section: 0, title: '判断', points: 4, max: 4 }, { section: 1, title: '单选', points: 2, max: 10 }],
    items: [
      { position: 0, itemId: 'a', version: 1, type: 'judge', section: 0, status: 'scored', points: 2, max: 2 },
      { position: 1, itemId: 'b', version: 1, type: 'judge', section: 0, status: 'scored', points: 2, max: 2 },
      { position: 2, itemId: 'c', version: 1, type: 'single', section: 1, status: 'scored', points: 2, max: 2 },
      { position: 3, itemId: 'd', version: 3, type: 'short', section: 1, status: 'needs-marking', points: 0, max: 8 },
    ],
    needsMarking: 1,
    answered: 4,
    scoredAt: new Date(0),
  };

  it('changes only the given positions, pins their new version and sums sections and total again', () => {
    const at = new Date(1000);
    const next = rescore(score, [{ position: 1, version: 2, status: 'scored', points: 0 }], at);
    expect(next.items[1]).to.include({ itemId: 'b', version: 2, points: 0 });
    expect(next.items[0]).to.deep.equal(score.items[0]);
    expect(next.total).to.equal(4);
    expect(next.sections.map((s) => s.points)).to.deep.equal([2, 2]);
    expect(next).to.include({ needsMarking: 1, answered: 4, max: 14, scoredAt: at });
    expect(score.total).to.equal(6);
  });
});
