import type { App } from '../../server/app';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { Principal } from '../../server/platform/routing';
import type { PassedCandidate } from '../../server/certificates/service';

export const CENTRE_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
export const ORGANISATION = { kind: 'S' as const, code: '0001', province: '44', siteSerial: '000012', name: '广东省电力行业职业技能等级认定中心' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number with a correct check digit, distinct per n. */
export function residentId(n: number): string {
  const body = `44010119900307${String(n).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export function candidate(n: number, overrides: Partial<PassedCandidate> = {}): PassedCandidate {
  return { name: `考生${n}`, idType: 'resident_id', idNumber: residentId(n), occupationCode: '6-31-01-03', occupationName: '电工', level: 3, ...overrides };
}

/** A centre admin principal of CENTRE_ID, for calling the service as the lead's results code will. */
export function centreAdmin(id = 'bbbbbbbbbbbbbbbbbbbbbbbb', centreId = CENTRE_ID): Principal {
  return { kind: 'staff', id, displayName: '机构管理员', roles: [{ role: 'centre_admin', scope: { type: 'centre', id: centreId } }], tokenVersion: 0 };
}

export async function issue(app: App, candidates: PassedCandidate[], sessionRef = 'session-1') {
  return app.certificates.issue(centreAdmin(), { centreId: CENTRE_ID, sessionRef, organisation: ORGANISATION, candidates }, SYSTEM_ACTOR);
}
