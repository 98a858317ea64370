import type { ZodError } from 'zod';

/** One invalid field in an RFC 9457 problem: where it is and what is wrong. */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
  /**
   * What is wrong, independent of language, so a page can say it in its own language with the
   * field's label (server/i18n/validation.ts). Never sent in a problem+json body.
   */
  i18n?: MessageRef;
}

/** A catalogue key and its values, or the zod issue a locale can phrase. */
export interface MessageRef {
  key: string;
  vars?: Record<string, string | number>;
  zodIssue?: Record<string, unknown>;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const VALIDATION_TITLE = 'Invalid request';

/** The title a problem gets when none is given, or the validation problems' one (what an API body may show in the caller's language). */
export function isDefaultTitle(status: number, title: string): boolean {
  return title === TITLES[status] || title === VALIDATION_TITLE;
}

/** A default detail is said through the catalogue (in the caller's language); a given one is the service's own words. */
function withDefaultDetail(detail: string | undefined, i18n: MessageRef | undefined, key: string): { i18n?: MessageRef } {
  if (i18n) return { i18n };
  return detail === undefined ? { i18n: { key } } : {};
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An error that becomes an `application/problem+json` response. Services throw it;
 * the error middleware renders it. `type` is a stable URI-ish slug clients can switch on.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /** The detail as a catalogue key, for pages in any language. */
  readonly i18n: MessageRef | undefined;

  constructor(
    status: number,
    type: string,
    detail?: string,
    options: { title?: string; errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string>; i18n?: MessageRef } = {},
  ) {
    super(detail ?? options.title ?? TITLES[status] ?? 'Error');
    this.name = 'HttpProblem';
    this.status = status;
    this.type = type;
    this.title = options.title ?? TITLES[status] ?? 'Error';
    this.detail = detail;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
    this.i18n = options.i18n;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: `/problems/${this.type}`,
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors.map(({ i18n: _i18n, ...error }) => error) } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', detail, errors ? { errors } : {}),
  /**
   * 400 when the request does not match its documented schema; 422 when it does but breaks a rule
   * no schema can state (cross-field refinements, codes that must exist): the OpenAPI document
   * describes exactly what passes as 400, so a schema-valid request is never a 400.
   */
  validation: (errors: FieldError[], detail?: string, i18n?: MessageRef) =>
    new HttpProblem(errors.length > 0 && errors.every((e) => e.code === 'custom' || e.code === 'rule') ? 422 : 400, 'validation', detail ?? 'The request has invalid fields.', { title: VALIDATION_TITLE, errors, ...withDefaultDetail(detail, i18n, 'problem.validation') }),
  /** A schema-valid request that breaks a rule (422, type validation). */
  rule: (errors: Array<Omit<FieldError, 'code'>>, detail?: string) =>
    new HttpProblem(422, 'validation', detail ?? 'The request breaks a rule.', { title: VALIDATION_TITLE, errors: errors.map((e) => ({ ...e, code: 'rule' })), ...withDefaultDetail(detail, undefined, 'problem.rule') }),
  unauthorized: (detail = 'Sign-in is required.') =>
    new HttpProblem(401, 'unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } }),
  forbidden: (detail = 'You do not have permission for this action.') => new HttpProblem(403, 'forbidden', detail),
  notFound: (detail = 'The resource does not exist or is not visible to you.') => new HttpProblem(404, 'not-found', detail),
  conflict: (detail: string, extensions?: Record<string, unknown>, i18n?: MessageRef) =>
    new HttpProblem(409, 'conflict', detail, { ...(extensions ? { extensions } : {}), ...(i18n ? { i18n } : {}) }),
  unprocessable: (type: string, detail: string, options: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {}) =>
    new HttpProblem(422, type, detail, options),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests; try again later.') =>
    new HttpProblem(429, 'too-many-requests', detail, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
      extensions: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) },
    }),
  unavailable: (detail: string) => new HttpProblem(503, 'unavailable', detail),
};

/** Turns a zod error into field errors with dotted paths (`options.2.html`). */
export function fieldErrorsFromZod(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
    return { path: path || '(root)', message: issue.message, code: issue.code, i18n: messageRefOf(issue) };
  });
}

/**
 * A custom zod issue names its catalogue key in `params.i18n` (with the other params as its
 * values); any other issue is kept for the page's zod locale to phrase.
 */
function messageRefOf(issue: ZodError['issues'][number]): MessageRef {
  const params = (issue as { params?: Record<string, unknown> }).params;
  if (issue.code === 'custom' && typeof params?.i18n === 'string') {
    const { i18n, ...vars } = params;
    return { key: i18n, vars: vars as Record<string, string | number> };
  }
  const { path: _path, message: _message, ...rest } = issue as unknown as Record<string, unknown>;
  return { key: '', zodIssue: { ...rest, ...(/received undefined$/.test(issue.message) ? { received: 'undefined' } : {}) } };
}
