import { expect } from 'chai';
import { FACILITY_BY_DIFFICULTY, ItemContentSchema, type ItemType } from '../../../server/bank/item-schema';
import { indexPoints } from '../../../server/standards/point-index';
import { LEVELS, type Level } from '../../../server/standards/schemas';
import { generateElectricianItems, type DemoItem } from '../../../scripts/demo/electrician/items';
import { electricianStandard, THEORY_WEIGHTS } from '../../../scripts/demo/electrician/standard';

const SEED = 2024;
const points = indexPoints(electricianStandard);
const theoryPoints = [...points.values()].filter((p) => p.part === 'theory');
const skillPoints = [...points.values()].filter((p) => p.part === 'skill');

/** Items of a type on a point (or on any of a set of points) that can be drawn at a level. */
function eligible(items: DemoItem[], type: ItemType, level: Level, pointCodes: (code: string) => boolean): number {
  return items.filter((i) => i.content.type === type && i.content.levels.includes(level) && pointCodes(i.content.pointCode)).length;
}

/** Largest-remainder apportionment of `total` over `weights` (ties go to the earlier row). */
function largestRemainder(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ rest: e - Math.floor(e), i })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i]! += 1;
  }
  return shares;
}

const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');

describe('demo electrician bank', () => {
  let items: DemoItem[];

  before(() => {
    items = generateElectricianItems({ seed: SEED });
  });

  describe('items', () => {
    it('are all valid against ItemContentSchema, with at least 800 of them', () => {
      expect(items.length).to.be.at.least(800);
      for (const item of items) {
        const parsed = ItemContentSchema.safeParse(item.content);
        expect(parsed.success, `${item.code}: ${parsed.success ? '' : parsed.error.message}`).to.equal(true);
      }
    });

    it('have unique codes and unique stems', () => {
      expect(new Set(items.map((i) => i.code)).size).to.equal(items.length);
      const stems = new Map<string, string>();
      for (const item of items) {
        const key = plain(item.content.stem);
        expect(stems.has(key), `${item.code} repeats the stem of ${stems.get(key)}`).to.equal(false);
        stems.set(key, item.code);
      }
    });

    it('sit on points of the standard, at levels of their point, skill tasks on skill points only', () => {
      for (const item of items) {
        const point = points.get(item.content.pointCode);
        expect(point, `${item.code} is on unknown point ${item.content.pointCode}`).to.not.equal(undefined);
        expect(item.code.startsWith(`${item.content.pointCode}-`)).to.equal(true);
        for (const level of item.content.levels) expect(point!.levels, item.code).to.include(level);
        expect(point!.part, item.code).to.equal(item.content.type === 'skill' ? 'skill' : 'theory');
      }
    });

    it('phrase choice stems with a closing （　） and judge stems as one sentence', () => {
      for (const item of items) {
        const stem = item.content.stem.replace(/<[^>]+>/g, '').trim();
        if (item.content.type === 'single' || item.content.type === 'multiple') expect(stem.endsWith('（　）'), `${item.code}: ${stem}`).to.equal(true);
        if (item.content.type === 'judge') {
          expect(stem.endsWith('。'), `${item.code}: ${stem}`).to.equal(true);
          expect(stem.includes('（　）'), item.code).to.equal(false);
        }
      }
    });

    it('give skill tasks preparation lists, a time allowance and scoring rows with safety and veto rows totalling 100', () => {
      for (const item of items) {
        const c = item.content;
        if (c.type !== 'skill') continue;
        expect(c.venuePreparation.length, item.code).to.be.at.least(2);
        expect(c.candidatePreparation.length, item.code).to.be.at.least(2);
        expect(c.timeAllowedMinutes, item.code).to.be.within(60, 240);
        expect(c.scoringRows.reduce((s, r) => s + r.points, 0), item.code).to.equal(100);
        expect(c.scoringRows.some((r) => !r.veto && r.element.includes('安全')), `${item.code} has no safety row`).to.equal(true);
        expect(c.scoringRows.some((r) => r.veto && r.deductionRules.includes('发生严重设备和人身事故取消考试资格')), `${item.code} has no veto row`).to.equal(true);
        for (const r of c.scoringRows) expect(r.deductionRules, `${item.code} ${r.element}`).to.match(/扣|取消/);
      }
    });
  });

  describe('determinism', () => {
    it('gives the same items for the same seed', () => {
      expect(generateElectricianItems({ seed: SEED })).to.deep.equal(items);
    });

    it('gives other numbers for another seed', () => {
      const other = generateElectricianItems({ seed: SEED + 1 });
      const computed = (list: DemoItem[]) => new Set(list.filter((i) => i.params && i.content.type !== 'skill').map((i) => plain(i.content.stem)));
      const mine = computed(items);
      const theirs = computed(other);
      const shared = [...theirs].filter((s) => mine.has(s)).length;
      expect(mine.size).to.be.greaterThan(200);
      expect(shared / mine.size).to.be.lessThan(0.5);
      expect(other.length).to.be.at.least(800);
    });
  });

  describe('coverage rule', () => {
    it('has at least 4 判断 and 4 单选 at every level of every theory point, and 4 多选 at levels 2 and 1', () => {
      for (const point of theoryPoints) {
        for (const level of point.levels) {
          const on = (code: string) => code === point.code;
          expect(eligible(items, 'judge', level, on), `${point.code} judge at level ${level}`).to.be.at.least(4);
          expect(eligible(items, 'single', level, on), `${point.code} single at level ${level}`).to.be.at.least(4);
          if (level <= 2) expect(eligible(items, 'multiple', level, on), `${point.code} multiple at level ${level}`).to.be.at.least(4);
        }
      }
    });

    it('has at least 2 tasks for every skill point (and at each of its levels)', () => {
      for (const point of skillPoints) {
        const tasks = items.filter((i) => i.content.pointCode === point.code);
        expect(tasks.length, point.code).to.be.at.least(2);
        for (const level of point.levels) expect(tasks.filter((t) => t.content.levels.includes(level)).length, `${point.code} at level ${level}`).to.be.at.least(2);
      }
    });

    it('puts multiple-choice items only at levels 2 and 1', () => {
      for (const item of items.filter((i) => i.content.type === 'multiple')) {
        for (const level of item.content.levels) expect([2, 1], item.code).to.include(level);
      }
    });
  });

  describe('quantity rule', () => {
    it('has 2.5 × the paper share of eligible items for every level, weight row and section', () => {
      const rowOf = (code: string) => points.get(code)?.weightRowCode;
      LEVELS.forEach((level, column) => {
        const sections: Array<[ItemType, number]> = level >= 3 ? [['judge', 20], ['single', 80]] : [['judge', 20], ['single', 60], ['multiple', 10]];
        const weights = THEORY_WEIGHTS.map((row) => row.cells[column] ?? 0);
        for (const [type, count] of sections) {
          const shares = largestRemainder(count, weights);
          THEORY_WEIGHTS.forEach((row, i) => {
            const have = eligible(items, type, level, (code) => rowOf(code) === row.code);
            expect(have, `level ${level}, row ${row.code}, ${type}: ${have} < 2.5 × ${shares[i]}`).to.be.at.least(2.5 * shares[i]!);
          });
        }
      });
    });

    it('apportions by largest remainder', () => {
      expect(largestRemainder(10, [5, 10, 15, 20, 15, 25, 10])).to.deep.equal([1, 1, 2, 2, 1, 2, 1]);
      expect(largestRemainder(80, [5, 25, 35, 25, 10, 0, 0, 0, 0])).to.deep.equal([4, 20, 28, 20, 8, 0, 0, 0, 0]);
      expect(largestRemainder(3, [1, 1, 1, 1])).to.deep.equal([1, 1, 1, 0]);
    });
  });

  describe('difficulty', () => {
    it('puts the mean expected facility of the theory items between 0.55 and 0.75', () => {
      const theory = items.filter((i) => i.content.type !== 'skill');
      const mean = theory.reduce((s, i) => s + FACILITY_BY_DIFFICULTY[i.content.difficulty]!, 0) / theory.length;
      expect(mean).to.be.within(0.55, 0.75);
    });

    it('keeps difficulty-4 theory items off levels 5 and 4 where the point has higher levels', () => {
      for (const item of items) {
        if (item.content.type === 'skill' || item.content.difficulty < 4) continue;
        const point = points.get(item.content.pointCode)!;
        if (point.levels.some((l) => l <= 3)) expect(item.content.levels.filter((l) => l >= 4), item.code).to.deep.equal([]);
      }
    });
  });
});
