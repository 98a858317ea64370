import { expect } from 'chai';
import fc from 'fast-check';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../../../server/platform/problem';
import { labelOf, localiseFieldErrors } from '../../../server/i18n/validation';
import { RoleGrantSchema } from '../../../server/identity/roles';
import { ObjectIdString } from '../../../server/platform/ids';

/** English words zod or ajv put in messages, and anything that looks like a field path. */
export const LEAK = /\b(?:[A-Za-z]{3,}|[a-z]+\.[a-z0-9.]+)\b/;
const ALLOWED_ASCII = /\b(?:JSON|ISO|URL|UUID|A|B|C|ID)\b/g;

function zh(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return localiseFieldErrors(fieldErrorsFromZod(result.error), 'zh-CN').map((e) => e.message);
}

const FORM = z.object({
  displayName: z.string().trim().min(1).max(40),
  username: z.string().regex(/^[a-z][a-z0-9_.-]{2,31}$/),
  points: z.coerce.number().int().min(0).max(100),
  levels: z.array(z.coerce.number().int().min(1).max(5)).min(1),
  status: z.enum(['active', 'disabled']),
  id: ObjectIdString,
  tags: z.array(z.string()).max(3),
});

describe('validation messages on Chinese pages', () => {
  it('name the field by its label, in Chinese', () => {
    const messages = zh(FORM, { displayName: '', username: 'X', points: 'abc', levels: [], status: 'x', id: 'nope', tags: ['a', 'b', 'c', 'd'] });
    expect(messages).to.deep.equal([
      '请填写姓名。',
      '用户名的格式不正确。',
      '分值应为数字。',
      '请填写适用等级。',
      '状态的取值不在可选范围内。',
      '此项的格式不正确。',
      '标签最多 3 项。',
    ]);
  });

  it('never contain a field path or English words from zod, whatever the input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('displayName', 'username', 'points', 'levels', 'status', 'id', 'tags'), fc.anything()), (input) => {
        for (const message of zh(FORM, input)) expect(message.replace(ALLOWED_ASCII, ''), message).not.to.match(LEAK);
      }),
      { numRuns: 300 },
    );
  });

  it('phrase custom rules from their catalogue key with the values they carry', () => {
    expect(zh(RoleGrantSchema, { role: 'writer', scope: { type: 'bank', id: 'abc' } })).to.deep.equal(['授权范围应从列表中选择（系统编号无效）。']);
    expect(zh(RoleGrantSchema, { role: 'admin', scope: { type: 'bank', id: 'a'.repeat(24) } })).to.deep.equal(['角色“系统管理员”不能授予在“题库”范围上。']);
  });

  it('label nested paths by their most specific known name and entry', () => {
    expect(labelOf('options.1.html', 'zh-CN')).to.equal('选项（第 2 项）');
    expect(labelOf('body.roles.0.scope.id', 'zh-CN')).to.equal('角色授权（第 1 项）的授权范围');
    expect(labelOf('sections.0.pointsPerItem', 'zh-CN')).to.equal('大题设置（第 1 项）的每题分值');
    expect(labelOf('weightTables.theory.level.5', 'zh-CN')).to.equal('权重表');
    expect(labelOf('nothing.we.know', 'zh-CN')).to.equal('此项');
    expect(labelOf('displayName', 'en')).to.equal('Name');
  });

  it('keep English messages on English pages, and never pass an English service message to a Chinese page', () => {
    const errors = [{ path: 'body.stem', message: 'must be one sentence' }];
    expect(localiseFieldErrors(errors, 'en')[0]!.message).to.equal('Stem: must be one sentence');
    expect(localiseFieldErrors(errors, 'zh-CN')[0]!.message).to.equal('题干不符合要求。');
  });
});
