import { ItemContentSchema, OPTION_KEYS, type ItemContent, type ItemContentInput } from '../../../server/bank/item-schema';
import { indexPoints, type PointFacts as PointSummary } from '../../../server/standards/point-index';
import type { Level } from '../../../server/standards/schemas';
import { electricianStandard } from './standard';
import { clearlyDifferent, p, Rand, type CalcInstance, type CalcTemplate, type ContentMap, type Fact, type MultiFact, type Params, type PointContent } from './kit';
import { BASIC_CONTENT } from './content/basic';
import { INSTALL_CONTENT } from './content/install';
import { CONTROL_CONTENT } from './content/control';
import { AUTOMATION_CONTENT } from './content/automation';
import { MANAGEMENT_CONTENT } from './content/management';
import { SKILL_CONTENT, type SkillTemplate } from './content/skill';

/**
 * The demo national bank for 电工: items generated from parametric templates (Ohm's law,
 * power, series/parallel, three-phase power, transformers, cables, rectifiers, PLC number
 * systems and timers, inverters, servo pulses…) and from fact tables (safety rules, tools and
 * instruments, control circuits, 职业道德, management), every one tied to an appraisal point of
 * the demo standard and valid against `ItemContentSchema`. Deterministic for a seed.
 */
export interface DemoItem {
  /** Per-bank item code: point code, hyphen, 3-digit serial within the point (`BAA001-003`). */
  code: string;
  content: ItemContent;
  /** For tests only: the template an item came from and its parameters, to recompute answers. */
  template?: string;
  params?: Params;
}

export interface GenerateOptions {
  seed: number;
}

const THEORY_CONTENT: ContentMap = { ...BASIC_CONTENT, ...INSTALL_CONTENT, ...CONTROL_CONTENT, ...AUTOMATION_CONTENT, ...MANAGEMENT_CONTENT };

const SECONDS = { judge: 30, single: 60, singleCalc: 90, multiple: 90, multipleCalc: 120 } as const;
const HIGH_LEVELS: readonly Level[] = [3, 2, 1];
const TECHNICIAN_LEVELS: readonly Level[] = [2, 1];
/** Fallback distractor factors when a template's typical mistakes coincide. */
const FALLBACK_FACTORS = [2, 0.5, 1.5, 2 / 3, 3, 1 / 3, Math.SQRT2, Math.SQRT1_2, 10, 0.1, 4, 0.25];

type Draft = ItemContentInput & { template?: string; params?: Params };

function intersect(levels: readonly Level[], allowed: readonly Level[]): Level[] {
  return levels.filter((l) => allowed.includes(l));
}

/** Options A, B, C… in order from shuffled texts; returns options and the keys of `correct`. */
function lettered(texts: string[], correct: Set<string>): { options: Array<{ key: (typeof OPTION_KEYS)[number]; html: string }>; keys: Array<(typeof OPTION_KEYS)[number]> } {
  if (new Set(texts).size !== texts.length) throw new Error(`duplicate options: ${texts.join(' | ')}`);
  const options = texts.map((text, i) => ({ key: OPTION_KEYS[i]!, html: p(text) }));
  const keys = texts.flatMap((text, i) => (correct.has(text) ? [OPTION_KEYS[i]!] : []));
  return { options, keys };
}

class PointGenerator {
  readonly drafts: Draft[] = [];

  constructor(
    private readonly point: PointSummary,
    private readonly content: PointContent,
    private readonly rand: Rand,
    private readonly stems: Set<string>,
  ) {}

  private levelsFor(explicit: readonly Level[] | undefined, difficulty: number, within: readonly Level[] = this.point.levels): Level[] {
    let levels = intersect(within, explicit ?? within);
    if (!explicit && difficulty >= 4) {
      const high = intersect(levels, HIGH_LEVELS);
      if (high.length) levels = high;
    }
    if (!levels.length) throw new Error(`${this.point.code}: no levels left for an item (explicit ${explicit?.join(',')})`);
    return levels;
  }

  private tags(extra: string[]): string[] {
    return [...new Set([this.point.name.slice(0, 40), ...extra])].slice(0, 20);
  }

  /** Records a draft unless its stem is taken; returns whether it was added. */
  private add(draft: Draft, mustBeNew: boolean): boolean {
    const key = draft.stem.replace(/\s+/g, '');
    if (this.stems.has(key)) {
      if (mustBeNew) throw new Error(`${this.point.code}: duplicate stem ${draft.stem}`);
      return false;
    }
    this.stems.add(key);
    this.drafts.push(draft);
    return true;
  }

  generate(): void {
    (this.content.facts ?? []).forEach((fact, i) => this.fromFact(fact, i));
    (this.content.multis ?? []).forEach((m) => this.fromMultiFact(m));
    this.fromCalcs();
    this.fromMultiCalcs();
    this.fromShorts();
  }

  private fromFact(fact: Fact, index: number): void {
    const group = `${this.point.code}-F${String(index + 1).padStart(2, '0')}`;
    const difficulty = fact.diff ?? 2;
    const levels = this.levelsFor(fact.levels, difficulty);
    const members = (fact.q ? 1 : 0) + (fact.t ? 1 : 0) + (fact.f ? 1 : 0);
    const enemyGroup = members > 1 ? group : undefined;
    const base = { pointCode: this.point.code, levels, tags: this.tags([]), ...(enemyGroup ? { enemyGroup } : {}) };
    if (fact.q) {
      if (!fact.a || !fact.d || fact.d.length < 3) throw new Error(`${this.point.code}: fact ${index + 1} needs an answer and three distractors`);
      const texts = this.rand.shuffle([fact.a, ...this.rand.sample(fact.d, 3)]);
      const { options, keys } = lettered(texts, new Set([fact.a]));
      this.add(
        { ...base, type: 'single', difficulty, estimatedSeconds: SECONDS.single, stem: p(fact.q), options, answer: keys[0]!, explanation: fact.why ?? `正确答案：${fact.a}。` },
        true,
      );
    }
    if (fact.t) {
      this.add({ ...base, type: 'judge', difficulty: Math.max(1, difficulty - 1), estimatedSeconds: SECONDS.judge, stem: p(fact.t), answer: true, explanation: fact.why ?? '该说法正确。' }, true);
    }
    if (fact.f) {
      const explanation = fact.why ?? (fact.t ? `正确的说法是：${fact.t}` : '该说法错误。');
      this.add({ ...base, type: 'judge', difficulty, estimatedSeconds: SECONDS.judge, stem: p(fact.f), answer: false, explanation }, true);
    }
  }

  private multipleDraft(stem: string, right: string[], wrong: string[], extra: Partial<Draft>): Draft | undefined {
    const levels = intersect(this.point.levels, TECHNICIAN_LEVELS);
    if (!levels.length) throw new Error(`${this.point.code}: multiple-choice items are for levels 2 and 1, which this point does not have`);
    const maxRight = Math.min(right.length, 4);
    const minRight = Math.max(2, 5 - wrong.length);
    if (minRight > maxRight) throw new Error(`${this.point.code}: not enough statements for five options in "${stem}"`);
    const k = this.rand.int(minRight, maxRight);
    const chosenRight = this.rand.sample(right, k);
    const texts = this.rand.shuffle([...chosenRight, ...this.rand.sample(wrong, 5 - k)]);
    const { options, keys } = lettered(texts, new Set(chosenRight));
    return {
      pointCode: this.point.code,
      levels,
      tags: this.tags(['多选']),
      type: 'multiple',
      difficulty: 3,
      estimatedSeconds: SECONDS.multiple,
      stem: p(stem),
      options,
      answer: keys,
      ...extra,
    } as Draft;
  }

  private fromMultiFact(m: MultiFact): void {
    const draft = this.multipleDraft(m.q, m.right, m.wrong, { difficulty: m.diff ?? 3, explanation: m.why ?? `正确答案：${m.right.join('；')}。` } as Partial<Draft>);
    if (draft) this.add(draft, true);
  }

  /** Numeric single-choice options: the answer, typical mistakes, then fallbacks; all clearly different. */
  private numericOptions(inst: CalcInstance): { texts: string[]; correct: string } {
    const correct = inst.show(inst.answer);
    const seen = new Set([correct]);
    const wrongs: string[] = [];
    const candidates = [...inst.wrong, ...FALLBACK_FACTORS.map((f) => inst.answer * f)];
    for (const value of candidates) {
      if (wrongs.length === 3) break;
      if (!Number.isFinite(value) || value <= 0 !== inst.answer <= 0 || !clearlyDifferent(value, inst.answer)) continue;
      const text = inst.show(value);
      if (seen.has(text)) continue;
      seen.add(text);
      wrongs.push(text);
    }
    if (wrongs.length < 3) throw new Error(`could not find distractors for ${inst.question}`);
    return { texts: this.rand.shuffle([correct, ...wrongs]), correct };
  }

  private calcDraft(template: CalcTemplate, params: Params, type: 'single' | 'judge', truth: boolean, enemyGroup: string | undefined): Draft | undefined {
    const inst = template.build(params);
    const levels = this.levelsFor(inst.levels, inst.difficulty);
    const base = {
      pointCode: this.point.code,
      levels,
      difficulty: inst.difficulty,
      tags: this.tags([...template.tags, '计算']),
      template: template.id,
      ...(enemyGroup ? { enemyGroup } : {}),
    };
    if (type === 'single') {
      const { texts, correct } = this.numericOptions(inst);
      const { options, keys } = lettered(texts, new Set([correct]));
      return { ...base, type, estimatedSeconds: SECONDS.singleCalc, stem: p(inst.question), options, answer: keys[0]!, explanation: inst.explanation, params } as Draft;
    }
    const wrong = inst.wrong.find((w) => Number.isFinite(w) && w > 0 && clearlyDifferent(w, inst.answer) && inst.show(w) !== inst.show(inst.answer));
    if (!truth && wrong === undefined) return undefined;
    const stated = truth ? inst.answer : wrong!;
    return {
      ...base,
      type,
      difficulty: Math.max(1, inst.difficulty - (truth ? 1 : 0)),
      estimatedSeconds: SECONDS.judge * 2,
      stem: p(inst.statement(inst.show(stated))),
      answer: truth,
      explanation: truth ? inst.explanation : `${inst.explanation}（题中给出的 ${inst.show(stated)} 是错误的。）`,
      params: { ...params, stated },
    } as Draft;
  }

  private fromCalcs(): void {
    const templates = this.content.calcs ?? [];
    if (!templates.length) return;
    const plan = this.content.plan ?? {};
    let twin = 0;
    for (const type of ['single', 'judge'] as const) {
      const target = plan[type] ?? 0;
      let made = 0;
      let attempts = 0;
      while (made < target) {
        if (++attempts > target * 60) throw new Error(`${this.point.code}: cannot make ${target} distinct ${type} items from ${templates.map((t) => t.id).join(', ')}`);
        const template = templates[attempts % templates.length]!;
        const params = template.sample(this.rand);
        const truth = made % 2 === 0;
        // Now and then a near-duplicate twin (same formula, numbers a step away): same enemy group.
        const wantTwin = template.nudge !== undefined && made + 1 < target && this.rand.chance(0.12);
        const group = wantTwin ? `${this.point.code}-${template.id}-${++twin}` : undefined;
        const draft = this.calcDraft(template, params, type, truth, group);
        if (!draft || !this.add(draft, false)) continue;
        made++;
        if (wantTwin) {
          const twinDraft = this.calcDraft(template, template.nudge!(this.rand, params), type, !truth, group);
          if (twinDraft && this.add(twinDraft, false)) made++;
          else this.drafts[this.drafts.length - 1]!.enemyGroup = undefined;
        }
      }
    }
  }

  private fromMultiCalcs(): void {
    const templates = this.content.multiCalcs ?? [];
    const target = this.content.plan?.multiple ?? 0;
    if (!templates.length || !target) return;
    let made = 0;
    let attempts = 0;
    while (made < target) {
      if (++attempts > target * 60) throw new Error(`${this.point.code}: cannot make ${target} distinct multiple-choice items`);
      const template = templates[attempts % templates.length]!;
      const params = template.sample(this.rand);
      const inst = template.build(params);
      const draft = this.multipleDraft(inst.stem, inst.right, inst.wrong, {
        difficulty: inst.difficulty,
        estimatedSeconds: SECONDS.multipleCalc,
        explanation: inst.explanation,
        tags: this.tags([...template.tags, '计算', '多选']),
        template: template.id,
        params,
      } as Partial<Draft>);
      if (draft && this.add(draft, false)) made++;
    }
  }

  private fromShorts(): void {
    const templates = this.content.shorts ?? [];
    const target = this.content.plan?.short ?? 0;
    if (!templates.length || !target) return;
    let made = 0;
    let attempts = 0;
    while (made < target) {
      if (++attempts > target * 60) throw new Error(`${this.point.code}: cannot make ${target} distinct short-answer items`);
      const template = templates[attempts % templates.length]!;
      const params = template.sample(this.rand);
      const inst = template.build(params);
      const points = inst.markingPoints.reduce((s, m) => s + m.points, 0);
      const draft: Draft = {
        type: 'short',
        pointCode: this.point.code,
        levels: this.levelsFor(inst.levels ?? intersect(this.point.levels, HIGH_LEVELS), inst.difficulty),
        difficulty: inst.difficulty,
        estimatedSeconds: 600,
        stem: p(inst.stem),
        referenceAnswer: inst.referenceAnswer,
        markingPoints: inst.markingPoints,
        points,
        explanation: '',
        tags: this.tags([...template.tags, '计算题']),
        template: template.id,
        params,
      };
      if (this.add(draft, false)) made++;
    }
  }
}

function skillDrafts(point: PointSummary, templates: SkillTemplate[], rand: Rand, stems: Set<string>): Draft[] {
  const out: Draft[] = [];
  for (const template of templates) {
    let made = 0;
    let attempts = 0;
    while (made < template.count) {
      if (++attempts > template.count * 40) throw new Error(`${point.code}: cannot make ${template.count} distinct skill tasks from ${template.id}`);
      const params = template.sample(rand);
      const task = template.build(params);
      const key = task.stem.replace(/\s+/g, '');
      if (stems.has(key)) continue;
      stems.add(key);
      const levels = intersect(point.levels, task.levels ?? point.levels);
      if (!levels.length) throw new Error(`${point.code}: skill task ${template.id} has no levels`);
      const points = task.scoringRows.reduce((s, r) => s + r.points, 0);
      out.push({
        type: 'skill',
        pointCode: point.code,
        levels,
        difficulty: task.difficulty,
        estimatedSeconds: task.timeAllowedMinutes * 60,
        stem: task.stem,
        explanation: '',
        tags: [...new Set([point.name.slice(0, 40), ...template.tags, '技能操作'])].slice(0, 20),
        venuePreparation: task.venuePreparation,
        candidatePreparation: task.candidatePreparation,
        timeAllowedMinutes: task.timeAllowedMinutes,
        scoringRows: task.scoringRows,
        points,
        template: template.id,
        params,
      });
      made++;
    }
  }
  return out;
}

/**
 * Generates the demo bank: every item valid against `ItemContentSchema`, on a point of the demo
 * standard with levels within the point's levels, codes unique, stems unique. Each point draws
 * from its own random stream, so the same seed always gives the same bank.
 */
export function generateElectricianItems({ seed }: GenerateOptions): DemoItem[] {
  const stems = new Set<string>();
  const items: DemoItem[] = [];
  for (const point of indexPoints(electricianStandard).values()) {
    const rand = Rand.of(seed, point.code);
    let drafts: Draft[];
    if (point.part === 'theory') {
      const content = THEORY_CONTENT[point.code];
      if (!content) throw new Error(`no demo content for theory point ${point.code}`);
      const generator = new PointGenerator(point, content, rand, stems);
      generator.generate();
      drafts = generator.drafts;
    } else {
      const templates = SKILL_CONTENT[point.code];
      if (!templates) throw new Error(`no demo skill tasks for point ${point.code}`);
      drafts = skillDrafts(point, templates, rand, stems);
    }
    drafts.forEach((draft, i) => {
      const { template, params, ...input } = draft;
      const parsed = ItemContentSchema.safeParse(input);
      if (!parsed.success) throw new Error(`${point.code} item ${i + 1} is invalid: ${parsed.error.message}\n${JSON.stringify(input)}`);
      items.push({
        code: `${point.code}-${String(i + 1).padStart(3, '0')}`,
        content: parsed.data,
        ...(template ? { template } : {}),
        ...(params ? { params } : {}),
      });
    });
  }
  for (const code of Object.keys(THEORY_CONTENT)) {
    if (!items.some((item) => item.content.pointCode === code)) throw new Error(`demo content for ${code}, which is not a point of the standard`);
  }
  return items;
}
