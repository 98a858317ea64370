import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { BankModel, ItemModel, type BankDoc } from '../../server/bank/model';
import { deriveCells } from '../../server/assembly/engine/largest-remainder';
import type { BlueprintCell } from '../../server/assembly/engine';
import type { WeightRow } from '../../server/standards/schemas';
import { BlueprintModel } from '../../server/assembly/model';
import { CentreModel, ExamSessionModel, RegistrationModel } from '../../server/sessions/model';
import { AttemptModel } from '../../server/delivery/model';
import { MarkingTaskModel } from '../../server/marking/model';
import type { Principal } from '../../server/platform/routing';
import type { DemoAccount } from './seed';

const TITLE = '电工三级理论知识考试（成绩演示）';
const BLUEPRINT = '三级/高级工 理论知识 含简答题（演示）';
const LEVEL = 3;

/** Demo examiners (考评员) at the demo centre. */
export const DEMO_EXAMINERS = [
  { username: 'examiner1', displayName: '考评员 吴刚（演示）' },
  { username: 'examiner2', displayName: '考评员 郑红（演示）' },
];

/** Candidates of the results demo: how many of their objective answers are right. */
const CANDIDATES = [
  { name: '陈一', idType: 'resident_id' as const, idNumber: '110101198801010035', right: 0.9 },
  { name: '林二', idType: 'resident_id' as const, idNumber: '11010119890202003X', right: 0.45 },
  { name: '黄三', idType: 'resident_id' as const, idNumber: '110101199003030036', right: 0.75 },
];

async function principalOf(username: string): Promise<Principal> {
  const user = await UserModel.findOne({ username }).lean();
  if (!user) throw new Error(`demo user ${username} missing`);
  return { kind: 'staff', id: String(user._id), displayName: user.displayName, roles: user.roles, tokenVersion: user.tokenVersion };
}

/**
 * A finished theory session with 简答题 for the results pages: three candidates sat it, the
 * session is closed, two candidates' answers are marked and one's are left for the demo
 * examiners. Made once; what exists is kept. Its results show each theory score and pass, and
 * say that the skill part has no score source yet.
 */
export async function seedDemoResults(app: App, password: string, log: (line: string) => void): Promise<DemoAccount[]> {
  const centre = await CentreModel.findOne({ type: 'S', orgCode: '0001' }).lean();
  const bank = await BankModel.findOne({ tier: 'national', occupationCode: '6-31-01-03' }).lean();
  if (!centre || !bank) return [];
  for (const user of DEMO_EXAMINERS) {
    if (!(await UserModel.exists({ username: user.username }))) await app.identity.createUser({ username: user.username, displayName: user.displayName, password, roles: [{ role: 'examiner', scope: { type: 'centre', id: String(centre._id) } }] }, SYSTEM_ACTOR);
  }
  const accounts = DEMO_EXAMINERS.map((u) => ({ username: u.username, password, role: '考评员 examiner (演示鉴定所: /marking)' }));
  const done = await ExamSessionModel.findOne({ centreId: centre._id, title: TITLE }).lean();
  if (done) return [...accounts, ...(await candidateAccounts(String(done._id)))];

  const bankAdmin = await principalOf('bankadmin');
  let blueprint = await BlueprintModel.findOne({ bankId: bank._id, name: BLUEPRINT }).lean();
  if (!blueprint) {
    const { row } = await releaseShortItems(app, bank as BankDoc, log);
    const standard = (await app.standards.findStandard(bank.occupationCode, bank.standardEdition))!;
    const { feasibility } = await app.assembly.createBlueprint(bankAdmin, String(bank._id), { name: BLUEPRINT, level: LEVEL, part: 'theory', durationMinutes: 90, sections: SECTIONS, cells: cellsWithShortAnswers(standard.weightTables.theory.rows, row) }, SYSTEM_ACTOR);
    if (!feasibility.ok) {
      log(`  warning: the results demo blueprint is not feasible: ${feasibility.infeasible.map((i) => i.message).join('; ')}`);
      return accounts;
    }
    blueprint = await BlueprintModel.findOne({ bankId: bank._id, name: BLUEPRINT }).lean();
  }
  const admin = await principalOf('centreadmin');
  const now = Date.now();
  const session = await app.sessions.createSession(
    admin,
    { centreId: String(centre._id), title: TITLE, blueprintId: String(blueprint!._id), mode: 'per-candidate', startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), durationMinutes: 90, lateEntryMinutes: 120, rooms: [{ code: '01', name: '第一考场', seats: 30, proctors: ['proctor1', 'proctor2'] }] },
    SYSTEM_ACTOR,
  );
  await app.sessions.register(admin, session.id, CANDIDATES.map(({ name, idType, idNumber }) => ({ name, idType, idNumber })), SYSTEM_ACTOR);
  await app.sessions.transition(admin, session.id, 'publish', SYSTEM_ACTOR);
  await app.sessions.transition(admin, session.id, 'open', SYSTEM_ACTOR);
  const regs = await RegistrationModel.find({ sessionId: session.id }).sort({ serial: 1 }).lean();
  for (const reg of regs) {
    const plan = CANDIDATES.find((c) => c.name === reg.name)!;
    const candidate: Principal = { kind: 'candidate', id: String(reg._id), displayName: reg.name, roles: [], tokenVersion: 0 };
    await app.delivery.start(candidate, SYSTEM_ACTOR);
    const attempt = (await AttemptModel.findById(reg._id).lean())!;
    const layout = await app.delivery.layout(attempt);
    const contents = await app.delivery.content.contentsOf(layout.positions);
    let seq = 0;
    for (const position of layout.positions) {
      const content = contents.get(`${position.itemId}@${position.version}`) as { answer?: unknown } | undefined;
      // Objective items: the key for the planned share of them, the rest left blank; 简答题 (no key): a written answer.
      const value = content && 'answer' in content ? (position.position % 100 < plan.right * 100 ? content.answer : undefined) : '答：先断开电源并验电，再按图接线，最后通电试验并记录。';
      if (value === undefined) continue;
      await app.delivery.saveAnswer(candidate, String(reg._id), position.position, { value: value as never, seq: ++seq });
    }
    await app.delivery.submit(candidate, String(reg._id), SYSTEM_ACTOR);
  }
  await app.sessions.transition(admin, session.id, 'close', SYSTEM_ACTOR);
  // Examiner 1 marks the first two candidates' answers; the third's wait for the demo examiners.
  const examiner = await principalOf('examiner1');
  await app.marking.next(examiner, session.id);
  const keep = String(regs[2]!._id);
  const tasks = (await MarkingTaskModel.find({ sessionId: regs[0]!.sessionId }).lean()).filter((t) => t.attemptId !== keep);
  for (const task of tasks) await app.marking.mark(examiner, String(task._id), { points: task.position % 2 ? 7 : 8.5 }, SYSTEM_ACTOR);
  log(`  made the results demo session ${session.code} (closed; marking partly done)`);
  return [...accounts, ...(await candidateAccounts(session.id))];
}

const SECTIONS = [{ type: 'judge', count: 20, pointsPerItem: 1 }, { type: 'single', count: 60, pointsPerItem: 1 }, { type: 'short', count: 2, pointsPerItem: 10 }];
const SHORT_SECTION = 2;

/** Four 简答题 the demo bank lacks, written, approved and released, on one level-3 point of a function assessed at level 3. */
const SHORT_STEMS = [
  ['简述照明线路安装完毕后通电试验前应做哪些检查。', '检查接线是否正确牢固、绝缘电阻是否合格、开关是否控制相线、灯具安装是否牢固。'],
  ['简述使用兆欧表测量线路绝缘电阻的步骤和注意事项。', '断电验电、放电；选择合适电压等级的兆欧表；正确接线；匀速摇动读数；测后放电。'],
  ['简述三相异步电动机不能启动的常见原因。', '电源缺相或电压过低、熔断器熔断、接线错误、负载过大或机械卡阻、绕组断路或短路。'],
  ['简述剩余电流动作保护器的作用及定期试验方法。', '防止人身触电和漏电火灾；每月按试验按钮一次，检查能否可靠动作。'],
];

async function releaseShortItems(app: App, bank: BankDoc, log: (line: string) => void): Promise<{ row: string }> {
  const standard = (await app.standards.findStandard(bank.occupationCode, bank.standardEdition))!;
  const table = standard.elementTables.find((t) => t.part === 'theory')!;
  const assessed = new Set(standard.weightTables.theory.rows.filter((r) => r.group === 'function' && r.cells.some((c) => c.level === LEVEL && c.percent)).map((r) => r.code));
  const topOf = (code: string) => table.scopes.find((sc) => sc.code === code.slice(0, 1));
  const point = table.points.find((p) => p.levels.includes(LEVEL) && assessed.has(topOf(p.scopeCode)?.weightRowCode ?? ''))!;
  const row = topOf(point.scopeCode)!.weightRowCode!;
  const pointCode = `${point.scopeCode}${point.code}`;
  if ((await ItemModel.countDocuments({ bankId: bank._id, type: 'short' })) >= SHORT_STEMS.length) return { row };
  const writer = await principalOf('writer');
  const reviewer = await principalOf('reviewer');
  for (const [stem, answer] of SHORT_STEMS) {
    const item = await app.bank.createItem(writer, String(bank._id), { type: 'short', pointCode, levels: [LEVEL], difficulty: 3, estimatedSeconds: 600, stem: `<p>${stem}</p>`, referenceAnswer: `<p>${answer}</p>`, markingPoints: [{ text: '要点齐全', points: 6 }, { text: '表述准确', points: 4 }], points: 10, explanation: '', tags: ['简答'] }, SYSTEM_ACTOR);
    await app.bank.transition(writer, item.id, 1, 'submit', undefined, SYSTEM_ACTOR);
    await app.bank.transition(reviewer, item.id, 1, 'approve', '演示：审核通过', SYSTEM_ACTOR);
  }
  const release = await app.bank.publishRelease(await principalOf('bankadmin'), String(bank._id), '演示：增加简答题', SYSTEM_ACTOR);
  log(`  published release #${release.number} with ${SHORT_STEMS.length} short-answer items on ${pointCode}`);
  return { row };
}

/** The cells of the demo paper: 判断 and 单选 spread over the weight table as by default, the two 简答题 on the function of the new items. */
function cellsWithShortAnswers(standardRows: readonly WeightRow[], row: string): BlueprintCell[] {
  return [...deriveCells(standardRows, LEVEL, SECTIONS.slice(0, SHORT_SECTION)), { section: SHORT_SECTION, dimension: 'function', key: row, count: 2 }];
}

async function candidateAccounts(sessionId: string): Promise<DemoAccount[]> {
  const regs = await RegistrationModel.find({ sessionId }).sort({ serial: 1 }).lean();
  return regs.map((r) => ({ username: r.admissionNo, password: CANDIDATES.find((c) => c.name === r.name)?.idNumber ?? '', role: `考生 candidate ${r.name} (/results/login: 查询成绩)` }));
}
