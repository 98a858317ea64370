import type { SkillTemplate } from './skill';
import { candidateKit, row, sheet, skill, variant } from './skill-util';

/** Skill row 1 电气安装与维修: JA001, JA002, JB001, JB002. */

const LIGHTING = [
  { name: '带一只单相电能表和一只剩余电流动作断路器的照明与插座电路（含一盏灯、一只单控开关和一只单相三孔插座）', parts: '单相电能表 1 只，1P+N 剩余电流动作断路器 1 只，螺口灯座及 LED 灯泡 1 套，单控开关 1 只，单相三孔插座 1 只' },
  { name: '两只双控开关在两处控制一盏灯并带一只单相五孔插座的照明电路', parts: '1P+N 断路器 1 只，双控开关 2 只，螺口灯座及 LED 灯泡 1 套，单相五孔插座 1 只' },
  { name: '电感镇流器荧光灯电路（含镇流器、启辉器，单控开关控制）和一只单相三孔插座', parts: '1P+N 断路器 1 只，36 W 荧光灯管、灯架、电感镇流器、启辉器各 1 套，单控开关 1 只，单相三孔插座 1 只' },
] as const;

const lighting = skill({
  id: 'lighting-install',
  tags: ['照明电路', '安装调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, LIGHTING), minutes: r.pick([90, 120]) }),
  build: ({ v, minutes }) => {
    const item = LIGHTING[v]!;
    return {
      stem: `<p>照明电路的安装与调试：按给定的电气原理图，在网孔板（配电板）上安装${item.name}，采用 BV 1.5 mm² 和 2.5 mm² 导线明线（线槽）敷设，经考评员检查同意后通电调试。</p><p>要求：元件布置合理，开关控制相线，接线正确牢固，PE 线连接可靠；完成后用万用表和兆欧表自检。</p>`,
      venuePreparation: ['单相交流电源 220 V（带剩余电流动作保护）', item.parts, '网孔板（配电板）1 块，PVC 线槽、BV 1.5 mm² 和 2.5 mm² 导线（红、蓝、黄绿双色）若干', '兆欧表（500 V）1 块，电气原理图 1 份'],
      candidatePreparation: candidateKit('冲击钻或手电钻（按需要）'),
      timeAllowedMinutes: minutes,
      scoringRows: sheet([
        row('元件检查', '按原理图检查元件的型号、规格和质量', 10, '漏检或错检每件扣 2 分'),
        row('元件安装', '元件布置合理，安装牢固、端正', 15, '布置不合理扣 5 分；安装不牢固每件扣 3 分；损坏元件每件扣 5 分'),
        row('布线与接线', '按图接线；开关控制相线，螺口灯座中心触点接相线；插座“左零右相上接地”；导线颜色正确，线槽内导线整齐', 35, '不按图接线扣 15 分；开关未控制相线扣 10 分；插座接线错误每处扣 5 分；接点松动、露铜过长、压绝缘层每处扣 2 分'),
        row('通电调试', '自检后经考评员同意通电，各灯、开关和插座功能正常', 30, '第一次通电不成功扣 15 分，第二次不成功扣 30 分；剩余电流动作断路器试验不动作扣 5 分'),
      ]),
      difficulty: v === 0 ? 2 : 3,
    };
  },
});

const BOARDS = [
  { circuits: 2, main: 'C32', detail: '两路出线（一路三相动力、一路单相照明）' },
  { circuits: 3, main: 'C40', detail: '三路出线（两路三相动力、一路单相照明）' },
  { circuits: 4, main: 'C63', detail: '四路出线（三路三相动力、一路单相插座）' },
] as const;

const distribution = skill({
  id: 'distribution-board-install',
  tags: ['动力配电箱', '安装'],
  count: 3,
  sample: (r) => ({ v: variant(r, BOARDS), ct: r.int(0, 1) }),
  build: ({ v, ct }) => {
    const b = BOARDS[v]!;
    const meter = ct === 1 ? '经 50/5 A 电流互感器接入的三相四线电能表' : '直接接入式三相四线电能表';
    return {
      stem: `<p>动力配电箱（板）的安装：按给定的系统图和接线图，安装一块带${meter}、${b.main} 总断路器和${b.detail}的动力配电板，完成接线并通电检查。</p><p>要求：元件排列整齐，相序、颜色正确，N 线与 PE 线分开设置汇流排，${ct === 1 ? '电流互感器二次回路接线正确且不得开路，' : ''}电能表计量正确。</p>`,
      venuePreparation: ['三相四线制交流电源 380 V/220 V（带剩余电流动作保护）', `${b.main} 三相总断路器 1 只，分路断路器 ${b.circuits} 只，三相四线电能表 1 只${ct === 1 ? '，LMZ 型 50/5 A 电流互感器 3 只' : ''}`, 'N 线、PE 线汇流排各 1 条，配电板 1 块，BV 导线（黄、绿、红、蓝、黄绿双色）若干', '兆欧表（500 V）1 块，钳形电流表 1 块，系统图、接线图各 1 份'],
      candidatePreparation: candidateKit('压线钳 1 把'),
      timeAllowedMinutes: ct === 1 ? 150 : 120,
      scoringRows: sheet([
        row('元件检查与布置', '检查元件质量；元件排列合理，安装牢固，便于操作维护', 15, '漏检每件扣 2 分；布置不合理扣 5 分；安装不牢固每件扣 3 分'),
        row('主回路接线', '相序、导线颜色和截面正确；N 线、PE 线分别接入各自汇流排；接点牢固', 35, '相序或颜色错误每处扣 5 分；N 线与 PE 线混接扣 15 分；接点松动、露铜过长每处扣 2 分'),
        row('计量回路接线', ct === 1 ? '电能表电压回路、电流回路接线正确，互感器极性正确，二次侧一点接地' : '电能表进出线接线正确，计量正确', 20, '电能表接线错误扣 10 分；互感器极性接反每相扣 5 分；二次回路未接地扣 5 分'),
        row('检查与通电', '测量绝缘电阻不低于 0.5 MΩ；经考评员同意后通电，各回路工作正常', 20, '未测绝缘电阻扣 5 分；第一次通电不成功扣 10 分，第二次不成功扣 20 分'),
      ]),
      difficulty: ct === 1 ? 3 : 2,
    };
  },
});

const MOTORS = [
  { model: 'Y100L-4', kw: 2.2 },
  { model: 'Y112M-4', kw: 4 },
  { model: 'Y132S-4', kw: 5.5 },
  { model: 'Y2-90L-2', kw: 2.2 },
] as const;

const motorOverhaul = skill({
  id: 'motor-disassembly',
  tags: ['电动机', '拆装', '检测'],
  count: 3,
  sample: (r) => ({ v: variant(r, MOTORS), endCheck: r.int(0, 1) }),
  build: ({ v, endCheck }) => {
    const m = MOTORS[v]!;
    const extra = endCheck === 1 ? '用万用表判别定子绕组的首尾端，' : '测量三相绕组直流电阻并判断是否平衡，';
    return {
      stem: `<p>三相异步电动机的拆装与检测：对一台 ${m.model}（${m.kw} kW）三相笼型异步电动机进行拆卸和装配，更换滚动轴承润滑脂，${extra}测量绕组绝缘电阻，装配后通电空载试运行并测量空载电流。</p>`,
      venuePreparation: [`${m.model}（${m.kw} kW）三相异步电动机 1 台`, '三相交流电源 380 V 及控制开关', '拉具（拉马）、铜棒、木锤、扳手、润滑脂、煤油等', '兆欧表（500 V）、钳形电流表、直流单臂电桥各 1 块'],
      candidatePreparation: candidateKit('记录纸 1 份'),
      timeAllowedMinutes: 120,
      scoringRows: sheet([
        row('拆卸', '拆卸步骤正确，使用拉具拆卸带轮和轴承，不损伤零部件，做好端盖位置标记', 20, '拆卸步骤错误每步扣 3 分；敲打损伤零部件每处扣 5 分；未做标记扣 3 分'),
        row('清洗与加油', '轴承清洗干净，润滑脂加入量为轴承室容积的 1/2～2/3', 10, '清洗不干净扣 3 分；润滑脂过多或过少扣 5 分'),
        row('装配', '装配顺序正确，端盖螺栓对角均匀紧固，转子转动灵活', 20, '装配顺序错误扣 5 分；螺栓未对角紧固扣 3 分；转动不灵活扣 10 分'),
        row('检测', endCheck === 1 ? '正确判别三相绕组首尾端；绝缘电阻测量方法正确，数值判断正确' : '直流电阻测量方法和结果判断正确；绝缘电阻测量方法正确，数值判断正确', 25, '判别或测量方法错误每项扣 8 分；结论错误每项扣 5 分；未测对地绝缘扣 5 分'),
        row('通电试运行', '接线正确，空载运行平稳，测量并记录三相空载电流', 15, '接线错误扣 10 分；未测空载电流扣 5 分；运行有异常未发现扣 5 分'),
      ]),
      difficulty: 3,
    };
  },
});

const APPARATUS = [
  { name: 'CJX2-1810 交流接触器', work: '拆开检查触头系统和电磁系统，修整触头，检查短路环，装配后测量线圈电阻并通电校验吸合与释放' },
  { name: 'JR36-20 热继电器', work: '拆检双金属片和触头，按给定电动机额定电流调整整定电流，并通电校验动作情况' },
  { name: 'JS7-2A 空气阻尼式时间继电器', work: '拆装检查气室和触头，将通电延时型改装为断电延时型，调整延时时间为 5 s 并通电校验' },
  { name: 'DZ47 系列小型断路器与 LA4 按钮组', work: '检查断路器操作机构与脱扣动作，拆装按钮并检查常开、常闭触头的通断' },
] as const;

const apparatus = skill({
  id: 'apparatus-repair',
  tags: ['低压电器', '拆装检修'],
  count: 3,
  sample: (r) => ({ v: variant(r, APPARATUS) }),
  build: ({ v }) => {
    const a = APPARATUS[v]!;
    return {
      stem: `<p>常用低压电器的拆装与检修：对 ${a.name}进行拆装与检修——${a.work}，并填写检修记录。</p>`,
      venuePreparation: [`${a.name} 各 1 只（含易损备件）`, '可调交流电源（0～400 V）及校验台 1 套', '细锉、小型扳手、镊子等检修工具', '检修记录表 1 份'],
      candidatePreparation: candidateKit(),
      timeAllowedMinutes: 60,
      scoringRows: sheet([
        row('拆卸', '拆卸顺序正确，零件摆放有序，不丢失、不损坏零件', 20, '拆卸顺序错误扣 5 分；丢失或损坏零件每件扣 5 分'),
        row('检查与修理', '正确判断各部件的缺陷并修复（触头用细锉修整，不得用砂纸打磨）', 30, '漏检缺陷每处扣 5 分；修理方法错误每处扣 5 分'),
        row('装配', '装配正确，动作灵活，无卡阻', 20, '装错每处扣 5 分；动作不灵活扣 10 分'),
        row('校验与记录', '通电校验合格，检修记录填写完整、准确', 20, '未校验扣 15 分；校验不合格扣 10 分；记录不完整扣 5 分'),
      ]),
      difficulty: v === 2 ? 3 : 2,
    };
  },
});

export const SKILL_A: Record<string, SkillTemplate<any>[]> = {
  JA001: [lighting],
  JA002: [distribution],
  JB001: [motorOverhaul],
  JB002: [apparatus],
};
