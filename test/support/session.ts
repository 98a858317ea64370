import request from 'supertest';
import type { App } from '../../server/app';
import { TEST_PASSWORD } from './identity';

/** The sign-in form as a browser gets it: its login-CSRF cookie and hidden token. */
export async function loginForm(app: App): Promise<{ cookie: string; csrf: string }> {
  const page = await request(app.express).get('/login').expect(200);
  const cookie = ((page.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf || !cookie) throw new Error('the login page has no login-CSRF token');
  return { cookie, csrf };
}

/** Posts the sign-in form like a browser (cookie + token), with extra fields such as `next`. */
export async function postLogin(app: App, fields: Record<string, string>): Promise<request.Response> {
  const form = await loginForm(app);
  return request(app.express).post('/login').set('Cookie', form.cookie).type('form').send({ password: TEST_PASSWORD, ...fields, _csrf: form.csrf });
}

/** Signs in through the form and returns the session cookie (`session=…`). */
export async function sessionCookie(app: App, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await postLogin(app, { username, password });
  const cookie = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`sign-in as ${username} failed (${res.status})`);
  return cookie.split(';')[0]!;
}
