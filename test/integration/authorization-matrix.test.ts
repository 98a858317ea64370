import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { createStaff, bearer, type StaffUser } from '../support/identity';
import { createBankWorld, ELECTRICIAN } from '../support/bank';
import { judgeItem } from '../support/fixtures';
import type { RoleGrant } from '../../server/identity/roles';
import { SYSTEM_ACTOR } from '../../server/audit/service';

/**
 * Every /api/v1 route × every role, each with the status it must get. Rows are written by
 * hand, independently of the permission table, so a change to either shows up here. A route
 * without a row fails the first test.
 */
const CENTRE = '64b7f0c2a1b2c3d4e5f60719';
const SESSION = '64b7f0c2a1b2c3d4e5f6071a';
const MISSING = '64b7f0c2a1b2c3d4e5f607ff';

/** Grants per role; bank roles are granted on the real electrician bank created in before(). */
const roleFixtures = (bank: string): Record<string, RoleGrant[]> => ({
  admin: [{ role: 'admin', scope: { type: 'global' } }],
  bank_admin: [{ role: 'bank_admin', scope: { type: 'bank', id: bank } }],
  writer: [{ role: 'writer', scope: { type: 'bank', id: bank } }],
  reviewer: [{ role: 'reviewer', scope: { type: 'bank', id: bank } }],
  centre_admin: [{ role: 'centre_admin', scope: { type: 'centre', id: CENTRE } }],
  proctor: [{ role: 'proctor', scope: { type: 'session', id: SESSION } }],
  examiner: [{ role: 'examiner', scope: { type: 'centre', id: CENTRE } }],
  supervisor: [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }],
});
const STAFF = ['admin', 'bank_admin', 'writer', 'reviewer', 'centre_admin', 'proctor', 'examiner', 'supervisor'] as const;
type Who = 'anonymous' | (typeof STAFF)[number];
const EVERYONE: Who[] = ['anonymous', ...STAFF];
const BANK_VIEWERS: Who[] = ['admin', 'bank_admin', 'writer', 'reviewer'];
const ITEM_READERS: Who[] = ['bank_admin', 'writer', 'reviewer'];
const SESSION_VIEWERS: Who[] = ['admin', 'centre_admin', 'proctor', 'supervisor'];
/** Scoring sheets: examiners (their own, others' once all signed) and centre staff who see sessions. */
const SHEET_READERS: Who[] = ['admin', 'centre_admin', 'supervisor', 'examiner'];
const RESULT_VIEWERS: Who[] = ['admin', 'centre_admin', 'supervisor'];
/** 季度统计: the same roles, each within their scope (an empty report outside it, never another centre's numbers). */
const REPORT_VIEWERS: Who[] = ['admin', 'centre_admin', 'supervisor'];
/** Candidate routes: a staff token is not a candidate's. */
const CANDIDATE_ONLY = { expect: { anonymous: 401 }, otherwise: 403 } as const;

interface Row {
  /** Path with fixtures substituted: {user}, {bank}, {item}, {standard} become real ids. */
  url: string;
  body?: unknown;
  /** Expected status per principal; anyone not listed gets `otherwise`. */
  expect: Partial<Record<Who, number>>;
  otherwise: number;
}

const only = (who: Who[], status: number): Partial<Record<Who, number>> => Object.fromEntries(who.map((w) => [w, status]));

const MATRIX: Record<string, Row> = {
  'POST /api/v1/auth/login': { url: '/api/v1/auth/login', body: {}, expect: {}, otherwise: 400 },
  'POST /api/v1/auth/logout': { url: '/api/v1/auth/logout', expect: { anonymous: 401 }, otherwise: 204 },
  'GET /api/v1/me': { url: '/api/v1/me', expect: { anonymous: 401 }, otherwise: 200 },
  'POST /api/v1/me/password': { url: '/api/v1/me/password', body: {}, expect: { anonymous: 401 }, otherwise: 400 },
  'GET /api/v1/users': { url: '/api/v1/users', expect: { anonymous: 401, admin: 200 }, otherwise: 403 },
  'POST /api/v1/users': { url: '/api/v1/users', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/users/:id': { url: '/api/v1/users/{user}', expect: { anonymous: 401, admin: 200 }, otherwise: 403 },
  'POST /api/v1/users/:id/grants': { url: `/api/v1/users/${MISSING}/grants`, body: { role: 'writer', scope: { type: 'bank', id: MISSING } }, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'DELETE /api/v1/users/:id/grants/:grantKey': { url: `/api/v1/users/${MISSING}/grants/writer@global`, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'POST /api/v1/users/:id/disable': { url: `/api/v1/users/${MISSING}/disable`, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'POST /api/v1/users/:id/enable': { url: `/api/v1/users/${MISSING}/enable`, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'POST /api/v1/users/:id/password': { url: `/api/v1/users/${MISSING}/password`, body: { password: 'matrix-pass-1' }, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'GET /api/v1/audit': { url: '/api/v1/audit', expect: { anonymous: 401, ...only(['admin', 'supervisor'], 200) }, otherwise: 403 },
  'GET /api/v1/audit/verify': { url: '/api/v1/audit/verify', expect: { anonymous: 401, ...only(['admin', 'supervisor'], 200) }, otherwise: 403 },

  'GET /api/v1/occupations': { url: '/api/v1/occupations', expect: { anonymous: 401 }, otherwise: 200 },
  'POST /api/v1/occupations': { url: '/api/v1/occupations', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/occupations/:code': { url: `/api/v1/occupations/${ELECTRICIAN}`, expect: { anonymous: 401 }, otherwise: 200 },
  'PUT /api/v1/occupations/:code': { url: `/api/v1/occupations/${ELECTRICIAN}`, body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/standards': { url: '/api/v1/standards', expect: { anonymous: 401 }, otherwise: 200 },
  'POST /api/v1/standards': { url: '/api/v1/standards', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/standards/:id': { url: '/api/v1/standards/{standard}', expect: { anonymous: 401 }, otherwise: 200 },
  'PUT /api/v1/standards/:id': { url: '/api/v1/standards/{standard}', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },

  'POST /api/v1/banks': { url: '/api/v1/banks', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/banks': { url: '/api/v1/banks', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'GET /api/v1/banks/:bankId': { url: '/api/v1/banks/{bank}', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/items': { url: '/api/v1/banks/{bank}/items', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/items': { url: '/api/v1/banks/{bank}/items', body: {}, expect: { anonymous: 401, writer: 400 }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/media': { url: '/api/v1/banks/{bank}/media', body: {}, expect: { anonymous: 401, writer: 415 }, otherwise: 403 }, // a JSON body is not an upload
  'POST /api/v1/banks/:bankId/items/preview': { url: '/api/v1/banks/{bank}/items/preview', body: {}, expect: { anonymous: 401, writer: 200 }, otherwise: 403 },
  'GET /api/v1/items/:id': { url: '/api/v1/items/{item}', expect: { anonymous: 401, ...only(ITEM_READERS, 200) }, otherwise: 403 },
  'PUT /api/v1/items/:id': { url: '/api/v1/items/{item}', body: {}, expect: { anonymous: 401, writer: 400 }, otherwise: 403 },
  'GET /api/v1/items/:id/compare': { url: '/api/v1/items/{item}/compare?from=1&to=1', expect: { anonymous: 401, ...only(ITEM_READERS, 200) }, otherwise: 403 },
  'POST /api/v1/items/:id/versions/:version/submit': { url: '/api/v1/items/{item}/versions/99/submit', body: {}, expect: { anonymous: 401, writer: 404 }, otherwise: 403 },
  'POST /api/v1/items/:id/versions/:version/withdraw': { url: '/api/v1/items/{item}/versions/99/withdraw', body: {}, expect: { anonymous: 401, writer: 404 }, otherwise: 403 },
  'POST /api/v1/items/:id/versions/:version/approve': { url: '/api/v1/items/{item}/versions/99/approve', body: {}, expect: { anonymous: 401, reviewer: 404 }, otherwise: 403 },
  'POST /api/v1/items/:id/versions/:version/reject': { url: '/api/v1/items/{item}/versions/99/reject', body: {}, expect: { anonymous: 401, reviewer: 404 }, otherwise: 403 },
  'POST /api/v1/items/:id/retire': { url: '/api/v1/items/{item}/retire', body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 },
  'GET /api/v1/review-queue': { url: '/api/v1/review-queue', expect: { anonymous: 401, reviewer: 200 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/release-progress': { url: '/api/v1/banks/{bank}/release-progress', expect: { anonymous: 401, bank_admin: 200 }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/releases': { url: '/api/v1/banks/{bank}/releases', body: {}, expect: { anonymous: 401, bank_admin: 409 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/releases': { url: '/api/v1/banks/{bank}/releases', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/releases/:releaseId': { url: `/api/v1/banks/{bank}/releases/${MISSING}`, expect: { anonymous: 401, ...only(BANK_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/imports': { url: '/api/v1/banks/{bank}/imports', body: {}, expect: { anonymous: 401, bank_admin: 415 }, otherwise: 403 }, // a JSON body is not an upload
  'POST /api/v1/banks/:bankId/imports/text': { url: '/api/v1/banks/{bank}/imports/text', body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 }, // no text
  'GET /api/v1/banks/:bankId/imports': { url: '/api/v1/banks/{bank}/imports', expect: { anonymous: 401, bank_admin: 200 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/imports/:jobId': { url: `/api/v1/banks/{bank}/imports/${MISSING}`, expect: { anonymous: 401, bank_admin: 404 }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/imports/:jobId/commit': { url: `/api/v1/banks/{bank}/imports/${MISSING}/commit`, body: {}, expect: { anonymous: 401, bank_admin: 404 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/export': { url: '/api/v1/banks/{bank}/export', expect: { anonymous: 401, bank_admin: 200 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/releases/:releaseId/export': { url: `/api/v1/banks/{bank}/releases/${MISSING}/export`, expect: { anonymous: 401, bank_admin: 404 }, otherwise: 403 },
  'GET /api/v1/import-template.xlsx': { url: '/api/v1/import-template.xlsx', expect: { anonymous: 401, bank_admin: 200 }, otherwise: 403 },
  'GET /api/v1/blueprints': { url: '/api/v1/blueprints?bankId={bank}', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'GET /api/v1/blueprints/default': { url: '/api/v1/blueprints/default?bankId={bank}&level=3', expect: { anonymous: 401, ...only(BANK_VIEWERS, 200) }, otherwise: 403 },
  'POST /api/v1/blueprints': { url: '/api/v1/blueprints', body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 },
  'GET /api/v1/blueprints/:id': { url: `/api/v1/blueprints/${MISSING}`, expect: { anonymous: 401, ...only(BANK_VIEWERS, 404) }, otherwise: 403 },
  'PUT /api/v1/blueprints/:id': { url: `/api/v1/blueprints/${MISSING}`, body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 },
  'POST /api/v1/blueprints/:id/feasibility': { url: `/api/v1/blueprints/${MISSING}/feasibility`, body: {}, expect: { anonymous: 401, ...only(BANK_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/papers/preview': { url: '/api/v1/papers/preview', body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 },
  'POST /api/v1/papers': { url: '/api/v1/papers', body: {}, expect: { anonymous: 401, bank_admin: 400 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/papers': { url: '/api/v1/banks/{bank}/papers', expect: { anonymous: 401, ...only(['bank_admin', 'supervisor'], 200) }, otherwise: 403 },
  'GET /api/v1/papers/:id': { url: `/api/v1/papers/${MISSING}`, expect: { anonymous: 401, ...only(['bank_admin', 'supervisor'], 404) }, otherwise: 403 },
  'GET /api/v1/papers/:id/verify': { url: `/api/v1/papers/${MISSING}/verify`, expect: { anonymous: 401, ...only(['bank_admin', 'supervisor'], 404) }, otherwise: 403 },

  'GET /api/v1/centres': { url: '/api/v1/centres', expect: { anonymous: 401, ...only(SESSION_VIEWERS, 200) }, otherwise: 403 },
  'POST /api/v1/centres': { url: '/api/v1/centres', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/sessions': { url: '/api/v1/sessions', expect: { anonymous: 401, ...only(SESSION_VIEWERS, 200) }, otherwise: 403 },
  'POST /api/v1/sessions': { url: '/api/v1/sessions', body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'GET /api/v1/sessions/:id': { url: `/api/v1/sessions/${MISSING}`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'PATCH /api/v1/sessions/:id': { url: `/api/v1/sessions/${MISSING}`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/publish': { url: `/api/v1/sessions/${MISSING}/publish`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/open': { url: `/api/v1/sessions/${MISSING}/open`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/close': { url: `/api/v1/sessions/${MISSING}/close`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/prepare-papers': { url: `/api/v1/sessions/${MISSING}/prepare-papers`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/registrations': { url: `/api/v1/sessions/${MISSING}/registrations`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/sessions/:id/registrations': { url: `/api/v1/sessions/${MISSING}/registrations`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/admission-tickets.pdf': { url: `/api/v1/sessions/${MISSING}/admission-tickets.pdf`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'PUT /api/v1/sessions/:id/registrations/:registrationId/photo': { url: `/api/v1/sessions/${MISSING}/registrations/${MISSING}/photo`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/registrations/:registrationId/photo': { url: `/api/v1/sessions/${MISSING}/registrations/${MISSING}/photo`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'GET /api/v1/sessions/:id/seat-plan': { url: `/api/v1/sessions/${MISSING}/seat-plan`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'GET /api/v1/sessions/:id/rooms/:room/roster': { url: `/api/v1/sessions/${MISSING}/rooms/01/roster`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/auth/candidate-login': { url: '/api/v1/auth/candidate-login', body: {}, expect: {}, otherwise: 400 },
  'POST /api/v1/attempts/start': { url: '/api/v1/attempts/start', ...CANDIDATE_ONLY },
  'GET /api/v1/attempts/current': { url: '/api/v1/attempts/current', ...CANDIDATE_ONLY },
  'PUT /api/v1/attempts/:id/answers/:position': { url: `/api/v1/attempts/${MISSING}/answers/0`, body: {}, ...CANDIDATE_ONLY },
  'GET /api/v1/attempts/:id/clock': { url: `/api/v1/attempts/${MISSING}/clock`, ...CANDIDATE_ONLY },
  'POST /api/v1/attempts/:id/submit': { url: `/api/v1/attempts/${MISSING}/submit`, ...CANDIDATE_ONLY },
  'POST /api/v1/attempts/:id/events': { url: `/api/v1/attempts/${MISSING}/events`, body: {}, ...CANDIDATE_ONLY },
  'POST /api/v1/attempts/:id/extend': { url: `/api/v1/attempts/${MISSING}/extend`, body: {}, expect: { anonymous: 401, proctor: 400 }, otherwise: 403 },
  'POST /api/v1/attempts/:id/terminate': { url: `/api/v1/attempts/${MISSING}/terminate`, body: {}, expect: { anonymous: 401, proctor: 400 }, otherwise: 403 },
  'POST /api/v1/registrations/:id/check-in': { url: `/api/v1/registrations/${MISSING}/check-in`, expect: { anonymous: 401, proctor: 404 }, otherwise: 403 },
  'POST /api/v1/registrations/:id/absent': { url: `/api/v1/registrations/${MISSING}/absent`, expect: { anonymous: 401, proctor: 404 }, otherwise: 403 },
  'POST /api/v1/registrations/:id/void': { url: `/api/v1/registrations/${MISSING}/void`, body: {}, expect: { anonymous: 401, proctor: 400 }, otherwise: 403 },

  'PUT /api/v1/sessions/:id/scoring-plan': { url: `/api/v1/sessions/${MISSING}/scoring-plan`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/scoring-plan': { url: `/api/v1/sessions/${MISSING}/scoring-plan`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'GET /api/v1/sessions/:id/part-scores': { url: `/api/v1/sessions/${MISSING}/part-scores`, expect: { anonymous: 401, ...only(SESSION_VIEWERS, 404) }, otherwise: 403 },
  'GET /api/v1/scoring/work': { url: '/api/v1/scoring/work', expect: { anonymous: 401, examiner: 200 }, otherwise: 403 },
  'GET /api/v1/registrations/:id/tasks/:position': { url: `/api/v1/registrations/${MISSING}/tasks/1`, expect: { anonymous: 401, examiner: 404 }, otherwise: 403 },
  'PUT /api/v1/registrations/:id/tasks/:position/sheet': { url: `/api/v1/registrations/${MISSING}/tasks/1/sheet`, body: {}, expect: { anonymous: 401, examiner: 400 }, otherwise: 403 },
  'POST /api/v1/registrations/:id/tasks/:position/sheet/sign': { url: `/api/v1/registrations/${MISSING}/tasks/1/sheet/sign`, body: {}, expect: { anonymous: 401, examiner: 400 }, otherwise: 403 },
  'GET /api/v1/scoring-sheets/:id': { url: `/api/v1/scoring-sheets/${MISSING}`, expect: { anonymous: 401, ...only(SHEET_READERS, 404) }, otherwise: 403 },
  'GET /api/v1/scoring-sheets/:id/print.pdf': { url: `/api/v1/scoring-sheets/${MISSING}/print.pdf`, expect: { anonymous: 401, ...only(SHEET_READERS, 404) }, otherwise: 403 },
  'POST /api/v1/scoring-sheets/:id/reopen': { url: `/api/v1/scoring-sheets/${MISSING}/reopen`, body: {}, expect: { anonymous: 401, examiner: 400 }, otherwise: 403 },
  'GET /api/v1/registrations/:id/scoring': { url: `/api/v1/registrations/${MISSING}/scoring`, expect: { anonymous: 401, examiner: 404 }, otherwise: 403 },
  'POST /api/v1/registrations/:id/confirm-scores': { url: `/api/v1/registrations/${MISSING}/confirm-scores`, expect: { anonymous: 401, examiner: 404 }, otherwise: 403 },
  'PUT /api/v1/sessions/:id/marking-plan': { url: `/api/v1/sessions/${MISSING}/marking-plan`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/marking/next': { url: `/api/v1/sessions/${MISSING}/marking/next`, expect: { anonymous: 401, examiner: 404 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/marking/progress': { url: `/api/v1/sessions/${MISSING}/marking/progress`, expect: { anonymous: 401, ...only(RESULT_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/marking/tasks/:id/marks': { url: `/api/v1/marking/tasks/${MISSING}/marks`, body: {}, expect: { anonymous: 401, examiner: 400 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/results': { url: `/api/v1/sessions/${MISSING}/results`, expect: { anonymous: 401, ...only(RESULT_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/sessions/:id/results/publish': { url: `/api/v1/sessions/${MISSING}/results/publish`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/sessions/:id/results/:candidateId': { url: `/api/v1/sessions/${MISSING}/results/${MISSING}`, expect: { anonymous: 401, ...only(RESULT_VIEWERS, 404) }, otherwise: 403 },
  'POST /api/v1/sessions/:id/results/:candidateId/corrections': { url: `/api/v1/sessions/${MISSING}/results/${MISSING}/corrections`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/regrades/preview': { url: `/api/v1/sessions/${MISSING}/regrades/preview`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/regrades': { url: `/api/v1/sessions/${MISSING}/regrades`, body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'POST /api/v1/sessions/:id/certificates': { url: `/api/v1/sessions/${MISSING}/certificates`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/me/results': { url: '/api/v1/me/results', ...CANDIDATE_ONLY },
  'GET /api/v1/reports/pass-rates': { url: '/api/v1/reports/pass-rates', expect: { anonymous: 401, ...only(REPORT_VIEWERS, 200) }, otherwise: 403 },
  'GET /api/v1/reports/pass-rates.xlsx': { url: '/api/v1/reports/pass-rates.xlsx', expect: { anonymous: 401, ...only(REPORT_VIEWERS, 200) }, otherwise: 403 },
  ...Object.fromEntries(
    ['paper.pdf', 'paper.docx', 'answer-card.pdf', 'answer-key.pdf', 'answer-key.docx', 'marking-sheet.pdf', 'venue-notice.pdf', 'candidate-notice.pdf', 'task-paper.pdf', 'scoring-sheet.pdf'].map((file) => [
      `GET /api/v1/papers/:id/print/${file}`,
      { url: `/api/v1/papers/${MISSING}/print/${file}`, expect: { anonymous: 401, bank_admin: 404 }, otherwise: 403 },
    ]),
  ),
  ...Object.fromEntries(
    ['paper.pdf', 'paper.docx', 'answer-card.pdf', 'answer-key.pdf', 'answer-key.docx', 'marking-sheet.pdf', 'venue-notice.pdf', 'candidate-notice.pdf', 'task-paper.pdf', 'scoring-sheet.pdf'].map((file) => [
      `GET /api/v1/sessions/:id/print/${file}`,
      { url: `/api/v1/sessions/${MISSING}/print/${file}`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
    ]),
  ),

  'GET /api/v1/verify': { url: '/api/v1/verify', expect: {}, otherwise: 400 },
  'GET /api/v1/certificates/batch.pdf': { url: `/api/v1/certificates/batch.pdf?centreId=${CENTRE}&sessionRef=none`, expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/certificates/:number': { url: '/api/v1/certificates/S000144000012263000001', expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'POST /api/v1/certificates/:number/revoke': { url: '/api/v1/certificates/S000144000012263000001/revoke', body: {}, expect: { anonymous: 401, centre_admin: 400 }, otherwise: 403 },
  'GET /api/v1/certificates/:number/certificate.pdf': { url: '/api/v1/certificates/S000144000012263000001/certificate.pdf', expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/certificates/:number/credential': { url: '/api/v1/certificates/S000144000012263000001/credential', expect: { anonymous: 401, centre_admin: 404 }, otherwise: 403 },
  // 试题分析: a centre admin for sessions of their centre, a bank admin for releases of their bank.
  'POST /api/v1/sessions/:id/statistics': { url: `/api/v1/sessions/${MISSING}/statistics`, expect: { anonymous: 401, centre_admin: 404, bank_admin: 404 }, otherwise: 403 },
  'POST /api/v1/banks/:bankId/releases/:releaseId/statistics': { url: `/api/v1/banks/{bank}/releases/${MISSING}/statistics`, expect: { anonymous: 401, bank_admin: 404, centre_admin: 404 }, otherwise: 403 },
  'GET /api/v1/statistics/runs/:id': { url: `/api/v1/statistics/runs/${MISSING}`, expect: { anonymous: 401, centre_admin: 404, bank_admin: 404 }, otherwise: 403 },
  'GET /api/v1/banks/:bankId/dubious-items': { url: '/api/v1/banks/{bank}/dubious-items', expect: { anonymous: 401, bank_admin: 200 }, otherwise: 403 },
};

describe('authorisation matrix: every /api/v1 route × every role', function () {
  this.timeout(120_000);
  useFreshDatabase('matrix');
  const app = buildTestApp({ loginIpMax: 100_000 });
  const users = new Map<Who, StaffUser>();
  const ids: Record<string, string> = {};

  before(async () => {
    const { electrician } = await createBankWorld(app);
    ids.bank = electrician.id;
    for (const [role, grants] of Object.entries(roleFixtures(electrician.id))) users.set(role as Who, await createStaff(app, `m_${role}`, grants));
    ids.user = users.get('admin')!.id;
    const writer = users.get('writer')!;
    const item = await app.bank.createItem((await app.identity.principalFromToken(await writer.token()))!.principal, electrician.id, judgeItem(), SYSTEM_ACTOR);
    ids.item = item.id;
    ids.standard = (await app.standards.listStandards(ELECTRICIAN))[0]!.id;
  });

  it('has a row for every /api/v1 route, and no row for a route that does not exist', () => {
    const declared = app.routes.routes.filter((r) => r.kind === 'api' && r.path.startsWith('/api/v1/')).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(declared.filter((k) => !(k in MATRIX)), 'routes missing from the matrix').to.deep.equal([]);
    expect(Object.keys(MATRIX).filter((k) => !declared.includes(k)), 'matrix rows without a route').to.deep.equal([]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    it(key, async () => {
      const [method] = key.split(' ') as [string];
      const failures: string[] = [];
      for (const who of EVERYONE) {
        const url = row.url.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? MISSING);
        let req = request(app.express)[method.toLowerCase() as 'get'](url);
        if (who !== 'anonymous') req = req.set(...bearer(await users.get(who)!.token()));
        const res = row.body !== undefined ? await req.send(row.body as object) : await req;
        const expected = row.expect[who] ?? row.otherwise;
        if (res.status !== expected) failures.push(`${who}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      expect(failures).to.deep.equal([]);
    });
  }

  it('covers every staff role in the fixtures', () => {
    expect(Object.keys(roleFixtures(MISSING))).to.have.members([...STAFF]);
  });
});
