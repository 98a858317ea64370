/**
 * The seam between the parts of an appraisal and its result.
 *
 * A candidate's result combines up to three parts, each out of 100: the theory exam, the skill
 * test (技能操作考核) and, for 技师 and 高级技师, the panel review (综合评审). Each part is scored by
 * its own module (theory: delivery plus subjective marking; skill and review: examiner sheets),
 * and each registers one `PartScoreSource` here. The results service asks the sources; it never
 * reads another module's collections.
 */
export const EXAM_PARTS = ['theory', 'skill', 'review'] as const;
export type ExamPart = (typeof EXAM_PARTS)[number];

export interface PartScore {
  /** The registration in the part's own session. */
  registrationId: string;
  /** The person (the same across the theory, skill and review sessions of one appraisal). */
  candidateId: string;
  part: ExamPart;
  /** Out of 100, rounded to one decimal; null until the part is complete. */
  score: number | null;
  /**
   * `complete`: final for now (may still be corrected through a result version);
   * `pending`: something is still missing (unmarked items, unsigned or unchecked sheets);
   * `absent`: 缺考; `void`: 成绩无效 (misconduct, terminated).
   */
  state: 'complete' | 'pending' | 'absent' | 'void';
  /** Why it is pending or void, in Chinese, for the centre (e.g. "2 张评分记录表未签名"). */
  reason?: string;
}

export interface PartScoreSource {
  part: ExamPart;
  /** Every registration of the session, one score each (pending ones included). */
  scoresForSession(sessionId: string): Promise<PartScore[]>;
}

/** The sources, keyed by part; each module registers its own when the app is built. */
export class PartScoreRegistry {
  private readonly sources = new Map<ExamPart, PartScoreSource>();

  register(source: PartScoreSource): void {
    if (this.sources.has(source.part)) throw new Error(`a score source for part ${source.part} is already registered`);
    this.sources.set(source.part, source);
  }

  source(part: ExamPart): PartScoreSource | undefined {
    return this.sources.get(part);
  }
}
