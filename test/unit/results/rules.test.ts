import { expect } from 'chai';
import fc from 'fast-check';
import { combineParts, outOf100, requiredParts, type MissingPart } from '../../../server/results/rules';
import type { ExamPart, PartScore } from '../../../server/results/part-scores';

const complete = (part: ExamPart, score: number): PartScore => ({ registrationId: 'r', candidateId: 'c', part, score, state: 'complete' });
const scores = (...list: Array<PartScore | [ExamPart, MissingPart]>) => new Map<ExamPart, PartScore | MissingPart>(list.map((s): [ExamPart, PartScore | MissingPart] => (Array.isArray(s) ? s : [s.part, s])));

describe('results rules: the pass rule', () => {
  it('requires theory and skill at levels 5–3 and adds panel review at levels 2 and 1, each at 60 by default', () => {
    for (const level of [5, 4, 3]) expect(requiredParts(level)).to.deep.equal([{ part: 'theory', passMark: 60 }, { part: 'skill', passMark: 60 }]);
    for (const level of [2, 1]) expect(requiredParts(level).map((p) => p.part)).to.deep.equal(['theory', 'skill', 'review']);
  });

  it('takes the parts and pass marks from the standard, and never a review below level 2', () => {
    expect(requiredParts(3, { parts: [{ part: 'theory', passMark: 70 }, { part: 'skill' }, { part: 'review', passMark: 60 }] })).to.deep.equal([{ part: 'theory', passMark: 70 }, { part: 'skill', passMark: 60 }]);
    expect(requiredParts(2, { parts: [{ part: 'theory' }, { part: 'skill' }, { part: 'review', passMark: 65 }] })[2]).to.deep.equal({ part: 'review', passMark: 65 });
  });

  it('passes each part at its pass mark and not below, and the whole only when every part passes', () => {
    const rules = requiredParts(2);
    const at = combineParts(rules, scores(complete('theory', 60), complete('skill', 60), complete('review', 60)));
    expect(at.parts.map((p) => p.pass)).to.deep.equal([true, true, true]);
    expect(at.overall).to.equal('pass');
    for (const failing of ['theory', 'skill', 'review'] as const) {
      const list = (['theory', 'skill', 'review'] as const).map((p) => complete(p, p === failing ? 59.9 : 95));
      const result = combineParts(rules, scores(...list));
      expect(result.overall, failing).to.equal('fail');
      expect(result.parts.find((p) => p.part === failing)!.pass).to.equal(false);
    }
  });

  it('is pending, with a Chinese line per part, while a part is pending or has no source; void wins and blocks nothing', () => {
    const rules = requiredParts(3);
    const pending = combineParts(rules, scores({ ...complete('theory', 0), score: null, state: 'pending', reason: '2 道主观题未评完' }, ['skill', { state: 'missing', reason: '技能操作成绩尚无来源' }]));
    expect(pending.overall).to.equal('pending');
    expect(pending.blocking).to.deep.equal(['理论知识：2 道主观题未评完', '技能操作：技能操作成绩尚无来源']);
    const voided = combineParts(rules, scores({ ...complete('theory', 0), score: null, state: 'void', reason: '终止考核' }, ['skill', { state: 'missing', reason: '无' }]));
    expect(voided).to.deep.include({ overall: 'void', blocking: [] });
    const absent = combineParts(rules, scores({ ...complete('theory', 0), score: null, state: 'absent' }, { ...complete('skill', 0), score: null, state: 'absent' }));
    expect(absent.overall).to.equal('absent');
    const halfAbsent = combineParts(rules, scores({ ...complete('theory', 0), score: null, state: 'absent' }, complete('skill', 90)));
    expect(halfAbsent.overall).to.equal('fail');
  });

  it('passes exactly when every part reaches its mark (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }), (level, tenths) => {
        const rules = requiredParts(level);
        const list = rules.map((r, i) => complete(r.part, tenths[i]! / 10));
        const result = combineParts(rules, scores(...list));
        expect(result.overall === 'pass').to.equal(list.every((s) => s.score! >= 60));
      }),
    );
  });

  it('scales theory points to 100 with one decimal', () => {
    expect(outOf100(59.5, 100)).to.equal(59.5);
    expect(outOf100(47, 80)).to.equal(58.8);
    expect(outOf100(0, 0)).to.equal(0);
  });
});
