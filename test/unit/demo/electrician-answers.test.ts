import { expect } from 'chai';
import { generateElectricianItems, type DemoItem } from '../../../scripts/demo/electrician/items';

/**
 * Spot checks of the computed items: the correct answer is recomputed here, independently of
 * the templates, from the parameters the generator keeps on each item.
 */
type Formula = (p: Record<string, number>) => number;

const ROOT3 = Math.sqrt(3);

const FORMULAS: Record<string, Formula> = {
  // Ohm's law
  'ohm-current': ({ U, R }) => U! / R!,
  'ohm-voltage': ({ I, R }) => I! * R!,
  'ohm-resistance': ({ U, I }) => U! / I!,
  'ohm-full-circuit': ({ E, r0, R }) => E! / (R! + r0!),
  'ohm-terminal-voltage': ({ E, r0, R }) => (E! * R!) / (R! + r0!),
  // Power and energy
  'power-ui': ({ U, I }) => U! * I!,
  'power-u2r': ({ U, R }) => (U! * U!) / R!,
  'power-i2r': ({ I, R }) => I! * I! * R!,
  'power-reduced-voltage': ({ Pn, U }) => Pn! * (U! / 220) ** 2,
  'energy-kwh': ({ P, h, days }) => (P! * h! * days!) / 1000,
  // Three-phase circuits (kW and A)
  'three-phase-power': ({ UL, IL, pf }) => (ROOT3 * UL! * IL! * pf!) / 1000,
  'three-phase-current': ({ P, pf }) => (P! * 1000) / (ROOT3 * 380 * pf!),
  'star-load-current': ({ UL, Z }) => UL! / ROOT3 / Z!,
  'delta-load-current': ({ UL, Z }) => (ROOT3 * UL!) / Z!,
  // Transformers
  'transformer-voltage': ({ N1, N2, U1 }) => (U1! * N2!) / N1!,
  'transformer-current': ({ N1, N2, I2 }) => (I2! * N2!) / N1!,
  'transformer-rated-current': ({ S, side, U1 }) => S! / (ROOT3 * (side === 0 ? U1! : 0.4)),
  'transformer-impedance': ({ k, RL }) => k! * k! * RL!,
};

/** The first number in an option or statement, as shown (typographic minus allowed). */
function shownNumber(html: string): number {
  const match = /[−-]?\d+(?:\.\d+)?/.exec(html.replace(/<[^>]+>/g, ''));
  if (!match) throw new Error(`no number in ${html}`);
  return Number(match[0].replace('−', '-'));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('demo electrician computed answers', () => {
  let items: DemoItem[];

  before(() => {
    items = [1, 2, 3].flatMap((seed) => generateElectricianItems({ seed })).filter((i) => i.template && FORMULAS[i.template]);
  });

  it('covers every template family checked here', () => {
    const seen = new Set(items.map((i) => i.template));
    for (const id of Object.keys(FORMULAS)) expect(seen.has(id), `no items from ${id}`).to.equal(true);
  });

  it('marks the option showing the recomputed value as correct, and no other option shows it', () => {
    let checked = 0;
    for (const item of items) {
      const c = item.content;
      if (c.type !== 'single') continue;
      const expected = FORMULAS[item.template!]!(item.params!);
      const correct = c.options.find((o) => o.key === c.answer)!;
      expect(relative(shownNumber(correct.html), expected), `${item.code} (${item.template}) shows ${correct.html}, expected ${expected}`).to.be.at.most(0.006);
      for (const option of c.options) {
        if (option.key === c.answer) continue;
        expect(relative(shownNumber(option.html), expected), `${item.code}: distractor ${option.html} is too close to ${expected}`).to.be.greaterThan(0.09);
      }
      checked++;
    }
    expect(checked).to.be.greaterThan(30);
  });

  it('makes a 判断题 true exactly when the stated value is the recomputed one', () => {
    let checked = 0;
    for (const item of items) {
      const c = item.content;
      if (c.type !== 'judge') continue;
      const expected = FORMULAS[item.template!]!(item.params!);
      const stated = item.params!.stated!;
      if (c.answer) expect(relative(stated, expected), `${item.code} states ${stated}, expected ${expected}`).to.be.below(1e-9);
      else expect(relative(stated, expected), `${item.code} is false but states ${stated} ≈ ${expected}`).to.be.greaterThan(0.1);
      checked++;
    }
    expect(checked).to.be.greaterThan(20);
  });

  it('explains the calculation with the correct result', () => {
    for (const item of items) {
      if (item.content.type !== 'single') continue;
      const expected = FORMULAS[item.template!]!(item.params!);
      const text = item.content.explanation.replace(/<[^>]+>/g, '');
      const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
      expect(numbers.some((n) => relative(n, expected) <= 0.006), `${item.code}: explanation “${text}” does not show ${expected}`).to.equal(true);
    }
  });
});
