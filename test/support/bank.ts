import type { App } from '../../server/app';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { BankView } from '../../server/bank/service';
import { occupationFixture, standardFixture } from './fixtures';

export const ELECTRICIAN = '6-31-01-03';
export const WELDER = '6-18-02-04';

/** Two occupations with standards and national banks, created through the real services. */
export async function createBankWorld(app: App): Promise<{ electrician: BankView; welder: BankView }> {
  await app.standards.createOccupation(occupationFixture(ELECTRICIAN, '电工'), SYSTEM_ACTOR);
  await app.standards.createOccupation(occupationFixture(WELDER, '焊工'), SYSTEM_ACTOR);
  await app.standards.createStandard(standardFixture(ELECTRICIAN, '电工国家职业技能标准（2018年版）'), SYSTEM_ACTOR);
  await app.standards.createStandard(standardFixture(WELDER, '焊工国家职业技能标准（2018年版）'), SYSTEM_ACTOR);
  const electrician = await app.bank.createBank({ code: 'NAT-DG', name: '电工国家题库', tier: 'national', occupationCode: ELECTRICIAN, standardEdition: '2018' }, SYSTEM_ACTOR);
  const welder = await app.bank.createBank({ code: 'NAT-HG', name: '焊工国家题库', tier: 'national', occupationCode: WELDER, standardEdition: '2018' }, SYSTEM_ACTOR);
  return { electrician, welder };
}
