import type { z } from 'zod';
import type { CellValue, ColumnKey } from '../bank/interchange/xlsx-format';
import type { CommonContent, IssueSink, LocalText, Part } from './common';
import type { RenderContext } from './render-kit';

/**
 * One question type (题型) behind one interface, the way Moodle's question types are plugins:
 * everything the platform does with an item that depends on its type is asked of its module,
 * through the registry. Adding a type is one module and one `register` call.
 *
 * Methods (not function-valued properties) keep a module for one content type assignable to
 * the registry's `QuestionType` of any content.
 */
export interface QuestionType<C extends CommonContent = CommonContent, R = unknown> {
  /** The `type` value in item content, e.g. `judge`. */
  readonly name: string;
  /** Its name on pages, 判断题 / True/false. */
  readonly label: LocalText;
  /** Which element table its appraisal points come from. */
  readonly part: Part;
  /**
   * Points and 预计用时 (seconds) when neither the item nor the blueprint says, and the usual
   * number of options (0 for types without options; synthetic pools use it).
   */
  readonly defaults: { readonly points: number; readonly estimatedSeconds: number; readonly optionCount: number };

  // ---- content ------------------------------------------------------------------------
  /** The content schema: the common fields extended with `type: z.literal(name)` and its own. */
  readonly schema: z.ZodObject<z.ZodRawShape>;
  /** Cross-field rules zod's shape cannot state (answers among the options, totals). */
  refine?(content: C, issues: IssueSink): void;
  /** The item's points (分值) as written or implied. */
  pointsOf(content: C): number;
  /** Which of its fields hold rich text (besides stem and explanation), and whether options do. */
  readonly richText: { readonly fields: readonly string[]; readonly options: boolean };
  /** What assembly and the exam player need: how many options shuffle, and whether they may. */
  optionCount(content: C): number;
  keepsOptionOrder(content: C): boolean;
  /** Its own fields as labelled plain text, for the side-by-side diff of two versions. */
  describe(content: C): Record<string, string>;

  // ---- interchange --------------------------------------------------------------------
  readonly xlsx: XlsxSupport<C>;

  // ---- the editor ---------------------------------------------------------------------
  readonly editor: EditorSupport<C>;

  // ---- rendering ----------------------------------------------------------------------
  /** The type's part of the item body (the stem and explanation are rendered around it). */
  render(content: C, context: RenderContext): string;

  /** How it prints on a paper-based session's documents (plain text; the printing layer lays it out). */
  readonly print: PrintSupport<C>;

  // ---- responses, scoring, statistics -------------------------------------------------
  /** What a candidate (or, for rated types, the examiner) submits for one item. */
  readonly response: z.ZodType<R>;
  /** Scores one response under the paper's options. Pure. */
  score(content: C, response: R | undefined, options: ScoringOptions): Score;
  readonly statistics: StatisticsMeaning<C, R>;
}

// ---- xlsx -------------------------------------------------------------------------------

/** Columns a type may use beyond the common ones; the others must stay empty for it. */
export type TypeColumn = 'options' | 'answer' | 'keepOptionOrder' | 'markingPoints';

/** What the row reader gives a type module: the row's cells and the common values it parsed. */
export interface XlsxRowContext {
  /** Trimmed text of a cell ('' when empty). */
  text(key: ColumnKey): string;
  /** Untrimmed text of a cell (rich text keeps its line breaks). */
  raw(key: ColumnKey): string;
  /** Reports an error in a column (`''` for the row). */
  error(key: ColumnKey | '', zh: string, en: string, code: string): void;
  has(key: ColumnKey | ''): boolean;
  /** 分值 as parsed, when given. */
  points: number | undefined;
  /** 选项顺序固定 as parsed, when given. */
  keepOptionOrder: boolean | undefined;
  /** The option cells A…H and the index of the last filled one (-1 when none). */
  optionTexts: readonly string[];
  lastFilled: number;
}

export interface XlsxCarried<C extends CommonContent> {
  readonly carried: true;
  /** 题型 words accepted on import (the type's name is always accepted too). */
  readonly words: readonly string[];
  /** The 题型 written on export, and its English for messages. */
  readonly label: string;
  readonly labelEn: string;
  readonly columns: readonly TypeColumn[];
  /** The column each of its own content fields is read from, for schema errors (`options`, `answer`… map themselves). */
  readonly fieldColumns?: Readonly<Record<string, ColumnKey>>;
  /** Its own fields from a row; problems go to `row.error` in the column's words. */
  read(row: XlsxRowContext): Record<string, unknown>;
  /** Its own cells of an exported row. */
  write(content: C): Partial<Record<ColumnKey, CellValue>>;
  /** A worked example for the template's 填写说明 sheet. */
  readonly example?: Record<string, unknown>;
}

export interface XlsxRefused<C extends CommonContent = CommonContent> {
  readonly carried: false;
  readonly words: readonly string[];
  /** Why a row of this type is refused, and the error code. */
  readonly refusal: LocalText & { code: string };
  /**
   * A sheet of its own in exports (read by people, not imported): its name, headers, and the
   * rows of one item (a skill task: one row per scoring row).
   */
  readonly exportSheet?: { name: string; headers: readonly string[]; widths: readonly number[]; rows(code: string | undefined, content: C): Array<Array<string | number | null>> };
}

export type XlsxSupport<C extends CommonContent> = XlsxCarried<C> | XlsxRefused<C>;

// ---- the editor -------------------------------------------------------------------------

/** One field the item editor shows for a type. Names are form field names. */
export type EditorField =
  | { kind: 'text' | 'textarea' | 'number'; name: string; label: LocalText; rows?: number; min?: number }
  | { kind: 'radio'; name: string; label: LocalText; choices: ReadonlyArray<{ value: string; label: LocalText }> }
  | { kind: 'checkbox'; name: string; label: LocalText }
  /** The option rows option_A…option_H. */
  | { kind: 'options'; label: LocalText };

/** Form values as posted (a repeated name gives an array). */
export type EditorFields = Record<string, string | string[] | undefined>;

export interface EditorSupport<C extends CommonContent> {
  /**
   * The fields, in order. Types that share one array (single and multiple choice) share one
   * section of the form.
   */
  readonly fields: readonly EditorField[];
  /** Its own content fields from the form (the common ones are read by the editor). */
  read(text: (name: string) => string): Record<string, unknown>;
  /** The inverse: its form values for a version. */
  write(content: C): Record<string, string>;
  /** The form field that shows errors of a content field, where the names differ (judge: answer → judgeAnswer). */
  readonly fieldOf?: Readonly<Record<string, string>>;
  /** Choice types: is the answer picked by clicking one option, or several? (The editor marks options clickable.) */
  readonly answers?: 'one' | 'many';
}

// ---- scoring ----------------------------------------------------------------------------

/** One item as printed: the lines under the stem, and room left for the answer. */
export interface PrintedBody {
  /** Lines after the stem, e.g. `A. 0.5 Ω` for each option in display order. */
  lines: string[];
  /** Whether the stem ends with an answer bracket `（　　）`. */
  bracket: boolean;
  /** Blank ruled lines to write the answer on (0 for objective types). */
  writingLines: number;
}

export interface PrintSupport<C extends CommonContent> {
  /** The sentence in the section title, e.g. 选择一个正确的答案，将相应的字母填入题内的括号中 (no final stop). */
  readonly instruction: LocalText;
  /** `text` turns a rich-text field into plain text. */
  body(content: C, optionOrder: readonly number[] | undefined, text: (html: string) => string): PrintedBody;
  /** What an answer card offers to fill in (display letters, or √ ×); [] when answered on the paper. */
  bubbles(content: C): string[];
  /** The key as the answer key prints it (display letters after the option permutation). */
  key(content: C, optionOrder: readonly number[] | undefined, text: (html: string) => string): string;
  /** For types examiners score on a sheet (技能操作): what the skill-test documents print. */
  task?(content: C, text: (html: string) => string): PrintedTask;
}

/** A skill task as its documents print it: 考场/考生准备通知单, the task paper and the 评分记录表. */
export interface PrintedTask {
  statement: string;
  timeAllowedMinutes: number;
  venuePreparation: string[];
  candidatePreparation: string[];
  rows: Array<{ element: string; requirement: string; points: number; deductionRules: string; veto: boolean }>;
}

/** How a paper scores its items (from the blueprint section). */
export interface ScoringOptions {
  /** Points this item carries on the paper. */
  points: number;
  /**
   * 多选 rule: `all-or-nothing` (多选、少选或错选均不得分, the default) or `partial`: any wrong
   * choice scores 0, otherwise each correct choice earns its share of the points.
   */
  multipleChoice?: 'all-or-nothing' | 'partial';
}

export type Score =
  /** Scored by the machine. */
  | { status: 'scored'; points: number; max: number; correct: boolean }
  /** Left for examiners to mark (short answers, skill tasks without a sheet yet). */
  | { status: 'needs-marking'; max: number }
  /** No response. */
  | { status: 'unanswered'; points: 0; max: number };

// ---- statistics -------------------------------------------------------------------------

export interface StatisticsMeaning<C extends CommonContent, R> {
  /** Who produces the scores the statistics are computed from. */
  readonly scoredBy: 'machine' | 'examiners';
  /** Whether a score is right/wrong (KR-20, p as a proportion) or graded (p as mean/max). */
  readonly scale: 'dichotomous' | 'graded';
  /** What facility means for this type, for the analysis page. */
  readonly facilityMeaning: LocalText;
  /**
   * The categories a response counts toward for selection rates (distractor analysis):
   * option keys for choice items, `true`/`false` for 判断; undefined when the type has none.
   */
  categories?(content: C): string[];
  selected?(content: C, response: R): string[];
  /** The categories that are the key (marked among the options on the analysis). */
  keyed?(content: C): string[];
}
