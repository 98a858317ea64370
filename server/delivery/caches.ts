import { LRUCache } from 'lru-cache';
import { PaperModel, type PaperDoc } from '../assembly/model';
import { findEach } from '../platform/find-each';
import type { BankService } from '../bank/service';
import type { AnyItemContent } from '../bank/render';

/**
 * Papers and item versions are immutable, so every instance may keep them in memory for as
 * long as it likes: the exam day's reads (each candidate's paper, the items to render and
 * score) then cost the database once per paper and once per item version, not per request.
 */
export class ImmutableContentCache {
  private readonly papers = new LRUCache<string, PaperDoc>({ max: 20_000 });
  private readonly contents = new LRUCache<string, AnyItemContent>({ max: 50_000 });

  constructor(private readonly bank: BankService) {}

  async paper(paperId: string): Promise<PaperDoc | undefined> {
    const cached = this.papers.get(paperId);
    if (cached) return cached;
    const doc = (await PaperModel.findById(paperId).lean()) as PaperDoc | null;
    if (doc) this.papers.set(paperId, doc);
    return doc ?? undefined;
  }

  /**
   * Loads papers (each by `_id`, a few at a time) and every item version they use, so that the
   * requests that follow find them in memory. Returns how many papers were read.
   */
  async warm(paperIds: readonly string[]): Promise<number> {
    const missing = [...new Set(paperIds)].filter((id) => !this.papers.has(id));
    const docs = await findEach(PaperModel, missing.map((id) => ({ _id: id })));
    const pins = new Map<string, { itemId: string; version: number }>();
    for (const doc of docs) {
      if (!doc) continue;
      this.papers.set(String(doc._id), doc as PaperDoc);
      for (const pin of (doc as PaperDoc).paper.items) pins.set(`${pin.itemId}@${pin.version}`, pin);
    }
    await this.contentsOf([...pins.values()]);
    return docs.filter(Boolean).length;
  }

  /** Contents keyed `itemId@version`. */
  async contentsOf(pins: ReadonlyArray<{ itemId: string; version: number }>): Promise<Map<string, AnyItemContent>> {
    const out = new Map<string, AnyItemContent>();
    const missing: Array<{ itemId: string; version: number }> = [];
    for (const pin of pins) {
      const key = `${pin.itemId}@${pin.version}`;
      const hit = this.contents.get(key);
      if (hit) out.set(key, hit);
      else missing.push(pin);
    }
    if (missing.length) {
      const loaded = await this.bank.pinnedContents(missing);
      for (const pin of missing) {
        const content = loaded.get(pin.itemId);
        if (!content) continue;
        const key = `${pin.itemId}@${pin.version}`;
        this.contents.set(key, content);
        out.set(key, content);
      }
    }
    return out;
  }
}
