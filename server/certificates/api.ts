import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { problems } from '../platform/problem';
import { ObjectIdString } from '../platform/ids';
import { actorFrom } from '../audit/service';
import type { RequestHandler } from 'express';
import type { CertificateService } from './service';
import { renderCertificate } from './layout';

const NumberParams = z.object({ number: z.string().trim().min(1).max(40) });

export const VerificationViewSchema = z.object({
  number: z.string(),
  status: z.enum(['valid', 'revoked']),
  revokedAt: z.string().optional(),
  revocationReason: z.string().optional(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  occupationName: z.string(),
  direction: z.string(),
  levelLabel: z.string(),
  organisationName: z.string(),
  issueDate: z.string(),
});

const Bilingual = z.object({ bilingual: z.enum(['0', '1', 'true', 'false']).optional() });
const isBilingual = (q: { bilingual?: string | undefined }) => q.bilingual === '1' || q.bilingual === 'true';

const NO_MATCH = 'No certificate matches that number and name.';

export function registerCertificateApi(routes: RouteTable, certificates: CertificateService, verifyLimiter: RequestHandler): void {
  routes.api(
    {
      method: 'get',
      path: '/api/v1/verify',
      permission: 'public',
      summary: 'Verify a certificate by number (22-character or old 16-digit) and name; rate-limited; an unknown number and a wrong name answer alike',
      tags: ['certificates'],
      query: z.object({ number: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(60) }),
      before: [verifyLimiter],
      responses: { 200: { description: 'the certificate', schema: VerificationViewSchema }, 404: { description: 'no certificate matches' }, 429: { description: 'too many look-ups' } },
    },
    async (ctx) => {
      const view = await certificates.verify(ctx.query.number, ctx.query.name);
      if (!view) throw problems.notFound(NO_MATCH);
      return view;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/certificates/batch.pdf',
      permission: 'certificates.print',
      summary: "A session's certificates as one PDF, a page each, rendered across CPU cores by a worker pool and streamed in order as chunks finish; audited",
      tags: ['certificates'],
      query: Bilingual.extend({ centreId: ObjectIdString, sessionRef: z.string().trim().min(1).max(64) }),
      responses: { 200: { description: 'the PDF', contentType: 'application/pdf' }, 404: { description: 'no certificates for that session' } },
    },
    async (ctx) => {
      const docs = await certificates.ofSession(ctx.principal, ctx.query.centreId, ctx.query.sessionRef);
      if (docs.length === 0) throw problems.notFound('No certificates for that session.');
      await certificates.recordPrint(actorFrom(ctx), ctx.query.centreId, docs.map((d) => d.number), `batch ${ctx.query.sessionRef}`);
      const bilingual = isBilingual(ctx.query);
      ctx.res.type('application/pdf').set('Content-Disposition', `inline; filename="certificates-${encodeURIComponent(ctx.query.sessionRef)}.pdf"`);
      await certificates.renderPool().stream(docs.map((doc) => certificates.printFields(doc, bilingual)), ctx.res, `职业技能等级证书 ${ctx.query.sessionRef}`);
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/certificates/:number',
      permission: 'certificates.print',
      summary: 'One certificate of your centre (masked ID number)',
      tags: ['certificates'],
      params: NumberParams,
      responses: { 200: { description: 'the certificate', schema: VerificationViewSchema } },
    },
    (ctx) => certificates.viewFor(ctx.principal, ctx.params.number),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/certificates/:number/revoke',
      permission: 'certificates.revoke',
      summary: 'Revoke a certificate with a reason (audited; published in the status list at once)',
      tags: ['certificates'],
      params: NumberParams,
      body: z.object({ reason: z.string().trim().min(2).max(500) }),
      responses: { 200: { description: 'the certificate, now revoked', schema: VerificationViewSchema }, 409: { description: 'revoked already' } },
    },
    (ctx) => certificates.revoke(ctx.principal, ctx.params.number, ctx.body.reason, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/certificates/:number/certificate.pdf',
      permission: 'certificates.print',
      summary: 'The certificate as a one-page A4 PDF (`bilingual=1` for the Chinese/English layout); audited',
      tags: ['certificates'],
      params: NumberParams,
      query: Bilingual,
      responses: { 200: { description: 'the PDF', contentType: 'application/pdf' } },
    },
    async (ctx) => {
      const doc = await certificates.certificateFor(ctx.principal, ctx.params.number, 'certificates.print');
      const pdf = await renderCertificate(certificates.printFields(doc, isBilingual(ctx.query)));
      await certificates.recordPrint(actorFrom(ctx), doc.centreId, [doc.number], 'certificate.pdf');
      ctx.res.type('application/pdf').set('Content-Disposition', `inline; filename="${doc.number}.pdf"`).send(pdf);
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/certificates/:number/credential',
      permission: 'certificates.print',
      summary: 'The signed Open Badges 3.0 credential (compact JWS, EdDSA; key at /.well-known/jwks.json)',
      tags: ['certificates'],
      params: NumberParams,
      responses: { 200: { description: 'the credential', contentType: 'application/vc+jwt' } },
    },
    async (ctx) => {
      const doc = await certificates.certificateFor(ctx.principal, ctx.params.number, 'certificates.print');
      ctx.res.type('application/vc+jwt').set('Content-Disposition', `attachment; filename="${doc.number}.jwt"`).send(certificates.credential(doc));
    },
  );
  routes.api(
    { method: 'get', path: '/.well-known/jwks.json', permission: 'public', summary: "The issuer's Ed25519 public key (JWK set) that signs credentials and the status list", tags: ['certificates'] },
    (ctx) => {
      ctx.res.set('Cache-Control', 'public, max-age=3600');
      return { keys: [certificates.keys.publicJwk] };
    },
  );
  routes.api(
    { method: 'get', path: '/credentials/status/revocation', permission: 'public', summary: 'The revocation status list (StatusList2021 credential, signed JWS)', tags: ['certificates'], responses: { 200: { description: 'the list', contentType: 'application/vc+jwt' } } },
    async (ctx) => {
      ctx.res.type('application/vc+jwt').set('Cache-Control', 'public, max-age=60').send(await certificates.statusList());
    },
  );
}
