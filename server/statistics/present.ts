import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import type { OptionRate } from './engine';
import type { VersionStatisticsSlot } from './model';
import type { RunView } from './views';

/** Display rows for the statistics pages and the item page's panel: numbers formatted, flags named. */

const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const percent = (rate: number) => `${Math.round(rate * 100)}%`;

export interface SlotRow {
  n: number;
  facility: string;
  itemRest: string;
  upperLower: string;
  options: Array<{ key: string; rate: string; keyed: boolean }>;
  omitted: string;
  rasch: string;
  flags: string[];
  dubious: boolean;
  basis: string;
}

type SlotLike = Pick<VersionStatisticsSlot, 'n' | 'facility' | 'itemRest' | 'upperLower' | 'omitted' | 'dubious' | 'rasch' | 'basis'> & { options: readonly OptionRate[] };

export function slotRow(slot: SlotLike, locale: Locale): SlotRow {
  return {
    n: slot.n,
    facility: fixed(slot.facility),
    itemRest: fixed(slot.itemRest),
    upperLower: fixed(slot.upperLower),
    options: slot.options.map((o) => ({ key: o.key === 'true' ? '√' : o.key === 'false' ? '×' : o.key, rate: percent(o.rate), keyed: o.keyed })),
    omitted: percent(slot.omitted.rate),
    rasch: slot.rasch ? (slot.rasch.difficulty === null ? '—' : `${fixed(slot.rasch.difficulty)} (${fixed(slot.rasch.se)})`) : '—',
    flags: slot.dubious.map((d) => t(locale, `statistics.flag.${d}`)),
    dubious: slot.dubious.length > 0,
    basis: t(locale, `statistics.basis.${slot.basis.kind}`, { label: slot.basis.label }),
  };
}

/** The item page's panel: the release slot and the session slot, when measured. */
export function statisticsPanel(statistics: { session?: SlotLike; release?: SlotLike } | undefined, locale: Locale): SlotRow[] {
  return [statistics?.release, statistics?.session].flatMap((s) => (s ? [slotRow(s, locale)] : []));
}

export function runStatusText(run: RunView, locale: Locale): string {
  if (run.status === 'running') return t(locale, 'statistics.running', { stage: t(locale, `statistics.stage.${run.stage}`), done: run.progress.done, total: run.progress.total });
  if (run.status === 'failed') return t(locale, 'statistics.failed', { error: run.error ?? '' });
  return '';
}

/** Papers by the end of their id: ids drawn together share their first (time) bytes. */
export function paperRows(run: RunView): Array<{ paperId: string; ref: string; candidates: number; items: number; kr20: string }> {
  return (run.summary?.papers ?? []).map((p) => ({ paperId: p.paperId, ref: `…${p.paperId.slice(-8)}`, candidates: p.candidates, items: p.items, kr20: fixed(p.kr20) }));
}
