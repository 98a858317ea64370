import { expect } from 'chai';
import { effectiveFacility, measuredOf } from '../../../server/statistics/measured';

describe('which difficulty assembly uses for an item', () => {
  const measured = { session: { n: 40, facility: 0.3 }, release: { n: 120, facility: 0.4, raschFacility: 0.45 } };

  it('the writer\'s estimate until an item has enough responses', () => {
    expect(effectiveFacility(0.62, undefined, 'facility', 30)).to.deep.equal({ facility: 0.62, source: 'writer' });
    expect(effectiveFacility(0.62, { session: { n: 29, facility: 0.3 } }, 'facility', 30)).to.deep.equal({ facility: 0.62, source: 'writer' });
  });

  it('the release\'s measured facility first, a session\'s when the release has too few', () => {
    expect(effectiveFacility(0.62, measured, 'facility', 30)).to.deep.equal({ facility: 0.4, source: 'release-facility' });
    expect(effectiveFacility(0.62, measured, 'facility', 121)).to.deep.equal({ facility: 0.62, source: 'writer' });
    expect(effectiveFacility(0.62, { ...measured, release: { n: 20, facility: 0.4, raschFacility: 0.45 } }, 'facility', 30)).to.deep.equal({ facility: 0.3, source: 'session-facility' });
  });

  it('the Rasch difficulty when the blueprint asks for it and it exists', () => {
    expect(effectiveFacility(0.62, measured, 'rasch', 30)).to.deep.equal({ facility: 0.45, source: 'rasch' });
    expect(effectiveFacility(0.62, { release: { n: 120, facility: 0.99, raschFacility: null } }, 'rasch', 30)).to.deep.equal({ facility: 0.99, source: 'release-facility' });
  });

  it('a snapshot keeps only what assembly needs of a version\'s statistics', () => {
    expect(measuredOf('i', 1, undefined)).to.equal(undefined);
    const slot = { runId: 'r', basis: { kind: 'release' as const, id: 'x', label: 'x' }, n: 50, answered: 48, facility: 0.5, itemRest: 0.3, upperLower: 0.4, options: [], omitted: { count: 2, rate: 0.04 }, dubious: [], computedAt: new Date(), rasch: { status: 'estimated' as const, difficulty: 0.1, se: 0.2, facility: 0.55 } };
    expect(measuredOf('i', 1, { release: slot })).to.deep.equal({ itemId: 'i', version: 1, release: { n: 50, facility: 0.5, raschFacility: 0.55 } });
  });
});
