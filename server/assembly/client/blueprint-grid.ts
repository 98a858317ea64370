// The blueprint grid (组卷方案网格): blank cells show the counts (and, for skill tasks, the
// points) derived from the weight table for the column's total, by the same largest-remainder
// method the server uses; typing a cell makes the column take what is typed (the others are
// filled in with what they showed, and the column's count becomes their sum); 按权重分配 clears
// the column again. Sums and marks follow every change. The server reads and checks the form.
import { allocateCells, largestRemainder } from '../engine/largest-remainder';

const table = document.querySelector<HTMLTableElement>('table.blueprint-grid');
const skill = table?.dataset.skill === '1';

const numberOf = (input: HTMLInputElement | null | undefined): number => {
  const n = Number((input?.value || input?.placeholder || '0').trim());
  return Number.isFinite(n) ? n : 0;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

function inputs(type: string, cls: string): HTMLInputElement[] {
  return Array.from(table?.querySelectorAll<HTMLInputElement>(`input.${cls}[data-column="${CSS.escape(type)}"]`) ?? []);
}
function percents(cells: HTMLInputElement[]): number[] {
  return cells.map((c) => Number(c.dataset.percent ?? '0'));
}
function columnCount(type: string): HTMLInputElement | null {
  return table?.querySelector<HTMLInputElement>(`input.grid-count[data-column="${CSS.escape(type)}"]`) ?? null;
}
function columnPoints(type: string): HTMLInputElement | null {
  return table?.querySelector<HTMLInputElement>(`input.grid-points[data-column="${CSS.escape(type)}"]`) ?? null;
}
const typesOf = (): string[] => Array.from(table?.querySelectorAll<HTMLElement>('thead th[data-column]') ?? []).map((th) => th.dataset.column ?? '');

/** Columns nobody typed in, derived together from the weights as the server does. */
function derivedPlaceholders(): Map<string, Map<string, number>> {
  const blank = typesOf().filter((t) => !inputs(t, 'grid-cell-count').some((c) => c.value.trim() !== ''));
  const rows = inputs(blank[0] ?? '', 'grid-cell-count');
  const weights = rows.map((c) => ({ key: c.dataset.row ?? '', percent: Number(c.dataset.percent ?? '0') }));
  const counts = blank.map((t) => ({ count: Math.max(0, Math.min(500, Math.floor(numberOf(columnCount(t))))) }));
  const out = new Map(blank.map((t) => [t, new Map<string, number>()]));
  for (const cell of allocateCells(weights, counts, 'function')) out.get(blank[cell.section]!)!.set(cell.key, cell.count);
  return out;
}

function refresh(type: string): void {
  const counts = inputs(type, 'grid-cell-count');
  const points = inputs(type, 'grid-cell-points');
  const typed = [...counts, ...points].some((c) => c.value.trim() !== '');
  let items = 0;
  let marks = 0;
  if (skill) {
    const shares = largestRemainder(100, percents(counts));
    counts.forEach((c, i) => {
      c.placeholder = Number(c.dataset.percent) > 0 ? '1' : '0';
      points[i]!.placeholder = String(shares[i] ?? 0);
      const n = typed && c.value.trim() === '' ? 0 : numberOf(c);
      items += n;
      marks += n * numberOf(points[i]);
    });
  } else {
    const count = columnCount(type);
    if (typed) {
      const sum = counts.reduce((a, c) => a + (c.value.trim() === '' ? 0 : numberOf(c)), 0);
      if (count) {
        count.value = String(sum);
        count.readOnly = true;
      }
    } else if (count) count.readOnly = false;
    if (!typed) {
      const derived = derivedPlaceholders().get(type);
      counts.forEach((c) => {
        c.placeholder = String(derived?.get(c.dataset.row ?? '') ?? 0);
      });
    }
    items = counts.reduce((a, c) => a + (typed && c.value.trim() === '' ? 0 : numberOf(c)), 0);
    marks = items * numberOf(columnPoints(type));
  }
  const sumCell = table?.querySelector<HTMLElement>(`[data-sum="${CSS.escape(type)}"]`);
  const marksCell = table?.querySelector<HTMLElement>(`[data-marks="${CSS.escape(type)}"]`);
  if (sumCell) sumCell.textContent = String(items);
  if (marksCell) marksCell.textContent = String(round2(marks));
  const totalCell = table?.querySelector<HTMLElement>('[data-testid="grid-total"]');
  if (totalCell) totalCell.textContent = String(round2(typesOf().reduce((a, t) => a + Number(table?.querySelector<HTMLElement>(`[data-marks="${CSS.escape(t)}"]`)?.textContent ?? '0'), 0)));
}

/** The first typed cell of a column fixes the others at what they showed. */
function materialise(type: string, except: HTMLInputElement): void {
  const all = [...inputs(type, 'grid-cell-count'), ...inputs(type, 'grid-cell-points')];
  if (all.some((c) => c !== except && c.value.trim() !== '')) return;
  for (const c of all) if (c !== except && c.value.trim() === '') c.value = c.placeholder;
}

if (table) {
  table.addEventListener('input', (event) => {
    const target = event.target as HTMLInputElement;
    const type = target.dataset.column;
    if (!type) return;
    if (target.classList.contains('grid-cell-count') || target.classList.contains('grid-cell-points')) materialise(type, target);
    for (const t of typesOf()) refresh(t);
  });
  for (const button of table.querySelectorAll<HTMLButtonElement>('button.grid-derive')) {
    button.addEventListener('click', () => {
      const type = button.dataset.column ?? '';
      for (const c of [...inputs(type, 'grid-cell-count'), ...inputs(type, 'grid-cell-points')]) c.value = '';
      for (const t of typesOf()) refresh(t);
    });
  }
  for (const type of typesOf()) refresh(type);
}
