import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { App } from '../../server/app';
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

/**
 * Approved items on the fixture standard's theory points, imported (approved) and released:
 * `perPoint` judge and single items on each of A001, B001, B002, CA001, CB001, D001, with
 * difficulties cycling 1–5 so that the facility band can be met.
 */
export async function releaseApprovedItems(app: App, bankId: string, perPoint: number, options: { shortPerPoint?: number } = {}): Promise<{ releaseId: string }> {
  const points: Array<{ code: string; levels: number[] }> = [
    { code: 'A001', levels: [5, 4, 3, 2, 1] },
    { code: 'B001', levels: [5, 4, 3, 2, 1] },
    { code: 'B002', levels: [5, 4, 3, 2, 1] },
    { code: 'CA001', levels: [5, 4, 3, 2, 1] },
    { code: 'CB001', levels: [3, 2, 1] },
    { code: 'D001', levels: [5, 4, 3, 2, 1] },
  ];
  const items: unknown[] = [];
  let n = 0;
  for (const point of points) {
    for (let i = 0; i < perPoint; i++) {
      n += 1;
      const difficulty = (i % 5) + 1;
      items.push({
        code: `${point.code}-${String(i + 1).padStart(3, '0')}`,
        status: 'approved',
        version: 1,
        content: { type: 'judge', pointCode: point.code, levels: point.levels, difficulty, estimatedSeconds: 30, stem: `<p>判断题 ${n}：关于${point.code}的第 ${i + 1} 个说法是正确的。</p>`, explanation: '', tags: [], answer: i % 2 === 0 },
      });
      items.push({
        code: `${point.code}-${String(perPoint + i + 1).padStart(3, '0')}`,
        status: 'approved',
        version: 1,
        content: {
          type: 'single',
          pointCode: point.code,
          levels: point.levels,
          difficulty,
          estimatedSeconds: 60,
          stem: `<p>单选题 ${n}：关于${point.code}的第 ${i + 1} 个问题（　）。</p>`,
          options: ['A', 'B', 'C', 'D'].map((key) => ({ key, html: `<p>选项 ${key}${n}</p>` })),
          answer: 'ABCD'[i % 4],
          keepOptionOrder: i % 7 === 0,
          explanation: '',
          tags: [],
          ...(i % 9 === 0 && i > 0 ? { enemyGroup: `${point.code}-pair` } : {}),
        },
      });
    }
  }
  // 简答题 (10 points, one marking point), when asked for: marked by examiners.
  for (const point of points) {
    for (let i = 0; i < (options.shortPerPoint ?? 0); i++) {
      items.push({
        code: `${point.code}-${String(2 * perPoint + i + 1).padStart(3, '0')}`,
        status: 'approved',
        version: 1,
        content: { type: 'short', pointCode: point.code, levels: point.levels, difficulty: (i % 5) + 1, estimatedSeconds: 300, stem: `<p>简答题：简述${point.code}的第 ${i + 1} 个要点。</p>`, explanation: '', tags: [], referenceAnswer: `<p>${point.code} 参考答案 ${i + 1}</p>`, markingPoints: [{ text: '要点完整、表述正确', points: 10 }], points: 10 },
      });
    }
  }
  return importAndRelease(app, bankId, items, 'fixture');
}

/** Imports items (a bank export's `items`) as approved and publishes a release of the bank. */
export async function importAndRelease(app: App, bankId: string, items: unknown[], notes: string): Promise<{ releaseId: string }> {
  const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'release-fixture-'));
  const file = path.join(dir, 'items.json');
  const bank = await app.bank.getBank({ kind: 'staff', id: 'fixture', displayName: 'fixture', tokenVersion: 0, roles: [{ role: 'admin', scope: { type: 'global' } }] }, bankId);
  await writeFile(file, JSON.stringify({ format: 'skill-appraisal-bank-export', formatVersion: 1, exportedAt: new Date().toISOString(), bank: { code: bank.code, name: bank.name, occupationCode: bank.occupationCode, standardEdition: bank.standardEdition, tier: bank.tier }, items }));
  const admin = { kind: 'staff' as const, id: 'fixture', displayName: 'fixture', tokenVersion: 0, roles: [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }] };
  try {
    const dry = await app.transfer.dryRun(admin, bankId, { path: file, originalName: 'items.json' }, 'approved', SYSTEM_ACTOR);
    if (!dry.canCommit) throw new Error(`fixture import refused: ${JSON.stringify(dry.errors.slice(0, 3))}`);
    await app.transfer.commit(admin, bankId, dry.jobId, SYSTEM_ACTOR);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const release = await app.bank.publishRelease(admin, bankId, notes, SYSTEM_ACTOR);
  return { releaseId: release.id };
}
