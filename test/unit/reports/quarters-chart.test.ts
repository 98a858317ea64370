import { expect } from 'chai';
import { periodRange, quarterOf } from '../../../server/reports/quarters';
import { CHART, fitLabel, layoutPassRateChart } from '../../../server/reports/chart';

describe('reports quarters: calendar quarters in the configured zone', () => {
  it('puts an instant in the quarter of its wall-clock date there (Shanghai is UTC+8, no DST)', () => {
    // 2026-03-31 16:00 UTC is 2026-04-01 00:00 in Shanghai: Q2 there, still Q1 in UTC.
    expect(quarterOf(new Date('2026-03-31T16:00:00Z'), 'Asia/Shanghai')).to.deep.equal({ year: 2026, quarter: 2 });
    expect(quarterOf(new Date('2026-03-31T16:00:00Z'), 'UTC')).to.deep.equal({ year: 2026, quarter: 1 });
    expect(quarterOf(new Date('2026-03-31T15:59:59Z'), 'Asia/Shanghai')).to.deep.equal({ year: 2026, quarter: 1 });
    // New Year's Eve 16:30 UTC is already 2026 in Shanghai.
    expect(quarterOf(new Date('2025-12-31T16:30:00Z'), 'Asia/Shanghai')).to.deep.equal({ year: 2026, quarter: 1 });
    expect(quarterOf(new Date('2026-12-02T04:00:00Z'), 'Asia/Shanghai')).to.deep.equal({ year: 2026, quarter: 4 });
  });

  it('gives a quarter or a year as [from, to) instants: local midnight, 8 hours before UTC midnight', () => {
    expect(periodRange(2026, 2, 'Asia/Shanghai')).to.deep.equal({ from: new Date('2026-03-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z') });
    expect(periodRange(2026, 4, 'Asia/Shanghai')).to.deep.equal({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
    expect(periodRange(2026, undefined, 'Asia/Shanghai')).to.deep.equal({ from: new Date('2025-12-31T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
    expect(periodRange(2026, 1, 'UTC')).to.deep.equal({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') });
  });
});

describe('reports chart: the pass-rate bar chart layout', () => {
  it('draws each rate as a share of the plot width, none for nobody sat, with 0–100% ticks', () => {
    const layout = layoutPassRateChart([
      { label: '电工', passRate: 0.5, valueText: '50.0%（2/4）' },
      { label: '焊工', passRate: 0.3333, valueText: '33.3%（1/3）' },
      { label: '钳工', passRate: null, valueText: '无人参考' },
    ]);
    // Plot width 760 − 210 − 130 = 420: half is 210; 0.3333 × 420 = 139.99 → 140.0.
    expect(layout.plot).to.deep.equal({ x: 210, y: 34, width: 420, height: 120, bottom: 154 });
    expect(layout.bars.map((b) => b.width)).to.deep.equal([210, 140, 0]);
    // Rows of 24 with gaps of 12: y = 34 + 12 + i × 36; 3 rows make 3 × 24 + 4 × 12 = 120 high, 34 + 120 + 56 = 210 in all.
    expect(layout.bars.map((b) => b.y)).to.deep.equal([46, 82, 118]);
    expect(layout.height).to.equal(210);
    expect(layout.bars.map((b) => b.valueX)).to.deep.equal([426, 356, 216]);
    expect(layout.ticks.map((t) => [t.x, t.text])).to.deep.equal([[210, '0%'], [294, '20%'], [378, '40%'], [462, '60%'], [546, '80%'], [630, '100%']]);
    expect(layout.width).to.equal(CHART.width);
  });

  it('cuts a long Chinese label to fit left of the plot and keeps the whole one for the tooltip', () => {
    const long = '国家职业技能鉴定第一百零一鉴定站分站'; // 18 characters
    expect(fitLabel(long)).to.equal('国家职业技能鉴定第一百零…');
    expect([...fitLabel(long)]).to.have.length(CHART.maxLabelChars);
    expect(fitLabel('电工')).to.equal('电工');
    // Digits and hyphens draw about half as wide: 4 × 1 + 10 × 0.55 = 9.5 fits in 13.
    expect(fitLabel('电工（6-31-01-03）')).to.equal('电工（6-31-01-03）');
    // 12 × 1 + 3 × 0.55 = 13.65 does not; the … (1) and 12 characters make 13, so the digits go.
    expect(fitLabel('北京市第一职业技能鉴定所123')).to.equal('北京市第一职业技能鉴定所…');
    // Latin only: 1 + 0.55 × n ≤ 13 keeps n = 21 characters.
    expect(fitLabel('Welder (Level 3) of the national classification')).to.equal('Welder (Level 3) of t…');
    const [bar] = layoutPassRateChart([{ label: long, passRate: 1.2, valueText: 'x' }]).bars;
    expect(bar!.fullLabel).to.equal(long);
    expect(bar!.width).to.equal(420);
  });
});
