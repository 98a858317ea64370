import { expect } from 'chai';
import { z } from 'zod';
import { HttpProblem, fieldErrorsFromZod, problems } from '../../../server/platform/problem';
import { toProblem } from '../../../server/platform/errors';

describe('problem details', () => {
  it('turns zod issues into field errors with dotted paths', () => {
    const schema = z.object({ options: z.array(z.object({ html: z.string().min(1) })) });
    const result = schema.safeParse({ options: [{ html: 'a' }, { html: '' }] });
    expect(result.success).to.equal(false);
    const errors = fieldErrorsFromZod(result.error!, 'body');
    expect(errors).to.have.length(1);
    expect(errors[0]!.path).to.equal('body.options.1.html');
  });

  it('renders RFC 9457 bodies with extensions and headers', () => {
    const problem = problems.tooManyRequests(12.2);
    const body = problem.toBody('/api/v1/auth/login');
    expect(body).to.include({ type: '/problems/too-many-requests', status: 429, title: 'Too Many Requests', instance: '/api/v1/auth/login', retryAfterSeconds: 13 });
    expect(problem.headers['Retry-After']).to.equal('13');
  });

  it('hides the details of unexpected errors', () => {
    const problem = toProblem(new Error('secret stack detail'));
    expect(problem.status).to.equal(500);
    expect(JSON.stringify(problem.toBody())).not.to.contain('secret stack detail');
  });

  it('maps body-parser failures to 400 and 413', () => {
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 })).status).to.equal(400);
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 })).status).to.equal(413);
    expect(toProblem(new HttpProblem(409, 'conflict', 'c')).status).to.equal(409);
  });
});
