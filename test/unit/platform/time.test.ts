import { expect } from 'chai';
import fc from 'fast-check';
import { formatZoned, parseZonedInput, toZonedInput } from '../../../server/platform/time';
import { loadConfig } from '../../../server/config';

describe('time zone of display and input', () => {
  it('reads typed wall-clock times in the configured zone, not UTC', () => {
    expect(parseZonedInput('2026-12-01T10:00', 'Asia/Shanghai')!.toISOString()).to.equal('2026-12-01T02:00:00.000Z');
    expect(parseZonedInput('2026-12-01 10:00:30', 'Asia/Shanghai')!.toISOString()).to.equal('2026-12-01T02:00:30.000Z');
    expect(parseZonedInput('2026-12-01', 'Asia/Shanghai')!.toISOString()).to.equal('2026-11-30T16:00:00.000Z');
    expect(parseZonedInput('2026-12-01', 'Asia/Shanghai', { endOfDay: true })!.toISOString()).to.equal('2026-12-01T15:59:59.999Z');
    expect(parseZonedInput('2026-07-01T10:00', 'Europe/Berlin')!.toISOString()).to.equal('2026-07-01T08:00:00.000Z');
    expect(parseZonedInput('2026-12-01T10:00:00Z', 'Asia/Shanghai')!.toISOString()).to.equal('2026-12-01T10:00:00.000Z');
  });

  it('refuses what the calendar does not have', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-12-01T25:61', 'abc', '', '2026-12-1', '12/01/2026']) expect(parseZonedInput(bad, 'Asia/Shanghai'), bad).to.equal(undefined);
  });

  it('shows an instant in the zone and reads its field value back to the same minute', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York'), (date, zone) => {
        const minute = new Date(Math.floor(date.getTime() / 60_000) * 60_000);
        const back = parseZonedInput(toZonedInput(minute, zone), zone);
        // Wall times repeated at a daylight-saving fall-back may resolve to either instant.
        expect(Math.abs(back!.getTime() - minute.getTime()) % 3_600_000).to.equal(0);
      }),
    );
    expect(formatZoned(new Date('2026-12-01T02:00:00Z'), 'zh-CN', 'Asia/Shanghai')).to.contain('10:00:00');
  });

  it('is configured by TIME_ZONE, Asia/Shanghai by default, and refuses unknown zones', () => {
    expect(loadConfig({}).timeZone).to.equal('Asia/Shanghai');
    expect(loadConfig({ TIME_ZONE: 'Asia/Urumqi' }).timeZone).to.equal('Asia/Urumqi');
    expect(() => loadConfig({ TIME_ZONE: 'Mars/Olympus' })).to.throw(/TIME_ZONE/);
  });
});
