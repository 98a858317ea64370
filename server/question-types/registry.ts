import { z } from 'zod';
import type { CommonContent, Part } from './common';
import type { QuestionType, XlsxCarried } from './types';

/**
 * The question types the platform knows, in registration order (the order lists, reports and
 * the template show them in). Everything outside this folder asks the registry; nothing else
 * names a type.
 */
export class QuestionTypeRegistry {
  private readonly modules = new Map<string, QuestionType>();
  private union: z.ZodType | undefined;

  /** Adds a type; returns a function that removes it again (for tests). */
  register(module: QuestionType): () => void {
    if (this.modules.has(module.name)) throw new Error(`question type ${module.name} is already registered`);
    this.modules.set(module.name, module);
    this.union = undefined;
    return () => {
      this.modules.delete(module.name);
      this.union = undefined;
    };
  }

  private preferredName: string | undefined;

  /** The type a new item starts as in the editor. */
  prefer(name: string): void {
    this.get(name);
    this.preferredName = name;
  }

  preferred(): QuestionType {
    const module = this.find(this.preferredName) ?? this.all()[0];
    if (!module) throw new Error('no question types registered');
    return module;
  }

  has(name: unknown): name is string {
    return typeof name === 'string' && this.modules.has(name);
  }

  /** The module of a type name; throws for an unknown name (content is validated before). */
  get(name: string): QuestionType {
    const module = this.modules.get(name);
    if (!module) throw new Error(`unknown question type ${name}`);
    return module;
  }

  /** The module of a type name, or undefined. */
  find(name: unknown): QuestionType | undefined {
    return typeof name === 'string' ? this.modules.get(name) : undefined;
  }

  /** The module for a piece of content. */
  of(content: { type: string }): QuestionType {
    return this.get(content.type);
  }

  all(): QuestionType[] {
    return [...this.modules.values()];
  }

  names(): string[] {
    return [...this.modules.keys()];
  }

  ofPart(part: Part): QuestionType[] {
    return this.all().filter((m) => m.part === part);
  }

  /** The element table a type's points come from; theory for names not registered. */
  partOf(name: unknown): Part {
    return this.find(name)?.part ?? 'theory';
  }

  /** Types Excel carries, with their xlsx support. */
  xlsxCarried(): Array<{ module: QuestionType; xlsx: XlsxCarried<CommonContent> }> {
    return this.all().flatMap((module) => (module.xlsx.carried ? [{ module, xlsx: module.xlsx }] : []));
  }

  /** The content schema of every registered type: the union on `type`, with each type's cross-field rules and the common ones. */
  contentSchema(): z.ZodType {
    if (!this.union) {
      const [first, ...rest] = this.all().map((m) => m.schema);
      if (!first) throw new Error('no question types registered');
      const union = rest.length ? z.discriminatedUnion('type', [first, ...rest] as [z.ZodObject<z.ZodRawShape>, ...z.ZodObject<z.ZodRawShape>[]]) : first;
      this.union = union.superRefine((value, ctx) => {
        const item = value as CommonContent;
        if (new Set(item.levels).size !== item.levels.length) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'levels must not repeat', params: { i18n: 'validation.rule.noRepeat' } });
        this.get(item.type).refine?.(item, ctx);
      });
    }
    return this.union;
  }
}
