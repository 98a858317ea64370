/**
 * Layout of a horizontal pass-rate bar chart (one bar per group), drawn as SVG by the template
 * `reports/chart`. Pure: the groups in, coordinates in the SVG's own units out; the SVG scales
 * to the page's width through its viewBox, so the same layout serves desktop and tablet.
 */
export interface ChartInput {
  label: string;
  /** 0…1, or null when nobody sat (no bar, the value says so). */
  passRate: number | null;
  /** The text after the bar, e.g. 66.7%（2/3）. */
  valueText: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number; bottom: number };
  /** Grid lines and their labels under the plot. */
  ticks: Array<{ x: number; text: string; textY: number }>;
  bars: Array<{ label: string; fullLabel: string; labelX: number; textY: number; y: number; x: number; width: number; height: number; valueX: number; valueText: string }>;
  /** Where the axis titles go. */
  xTitle: { x: number; y: number };
  yTitle: { x: number; y: number };
}

export const CHART = { width: 760, labelWidth: 210, valueWidth: 130, top: 34, barHeight: 24, gap: 12, bottom: 56, /** Label room in font sizes (CJK characters). */ maxLabelChars: 13 } as const;

/** How wide a character draws, in font sizes: CJK and full-width forms one, Latin, digits and punctuation about half. */
function charWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) || ch.codePointAt(0)! > 0xffff ? 1 : 0.55;
}

/** A label cut to what fits left of the plot (`max` font sizes wide), with … when cut. */
export function fitLabel(label: string, max: number = CHART.maxLabelChars): string {
  const chars = [...label];
  if (chars.reduce((sum, ch) => sum + charWidth(ch), 0) <= max) return label;
  let width = 1; // the ellipsis
  let kept = '';
  for (const ch of chars) {
    if (width + charWidth(ch) > max) break;
    width += charWidth(ch);
    kept += ch;
  }
  return `${kept}…`;
}

export function layoutPassRateChart(groups: readonly ChartInput[]): ChartLayout {
  const plotX = CHART.labelWidth;
  const plotWidth = CHART.width - CHART.labelWidth - CHART.valueWidth;
  const rows = Math.max(groups.length, 1);
  const plotHeight = rows * CHART.barHeight + (rows + 1) * CHART.gap;
  const height = CHART.top + plotHeight + CHART.bottom;
  const bars = groups.map((g, i) => {
    const y = CHART.top + CHART.gap + i * (CHART.barHeight + CHART.gap);
    const width = g.passRate === null ? 0 : Math.round(plotWidth * Math.min(1, Math.max(0, g.passRate)) * 10) / 10;
    return {
      label: fitLabel(g.label),
      fullLabel: g.label,
      labelX: plotX - 8,
      textY: y + CHART.barHeight / 2 + 5,
      y,
      x: plotX,
      width,
      height: CHART.barHeight,
      valueX: plotX + width + 6,
      valueText: g.valueText,
    };
  });
  const bottom = CHART.top + plotHeight;
  const ticks = [0, 20, 40, 60, 80, 100].map((p) => ({ x: plotX + (plotWidth * p) / 100, text: `${p}%`, textY: bottom + 18 }));
  return {
    width: CHART.width,
    height,
    plot: { x: plotX, y: CHART.top, width: plotWidth, height: plotHeight, bottom },
    ticks,
    bars,
    xTitle: { x: plotX + plotWidth / 2, y: height - 10 },
    yTitle: { x: plotX - 8, y: CHART.top - 12 },
  };
}
