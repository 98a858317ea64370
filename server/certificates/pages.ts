import { z } from 'zod';
import type { RequestHandler } from 'express';
import type { RouteTable } from '../platform/routing';
import type { CertificateService, VerificationView } from './service';
import { normaliseCertificateNumber } from './number';

const VerifyForm = z.object({ number: z.string().trim().max(40).default(''), name: z.string().trim().max(60).default('') });

/** Field errors named by their labels (catalogue keys), never by path. */
function formErrors(form: { number: string; name: string }): string[] {
  const errors: string[] = [];
  if (!normaliseCertificateNumber(form.number)) errors.push('verify.numberInvalid');
  if (!form.name) errors.push('verify.nameRequired');
  return errors;
}

function rows(view: VerificationView) {
  return [
    { labelKey: 'verify.number', value: view.number },
    { labelKey: 'verify.name', value: view.name },
    { labelKey: 'verify.idType', value: view.idType },
    { labelKey: 'verify.idNumber', value: view.idNumberMasked },
    { labelKey: 'verify.occupation', value: view.occupationName },
    { labelKey: 'verify.direction', value: view.direction },
    { labelKey: 'verify.level', value: view.levelLabel },
    { labelKey: 'verify.organisation', value: view.organisationName },
    { labelKey: 'verify.issueDate', value: view.issueDate },
  ];
}

export function registerCertificatePages(routes: RouteTable, certificates: CertificateService, verifyLimiter: RequestHandler): void {
  routes.page({ method: 'get', path: '/verify', permission: 'public', summary: 'Certificate verification: number and name' }, ({ res }) => {
    res.render('certificates/verify', { title: 'verify.title', form: { number: '', name: '' } });
  });
  routes.page(
    { method: 'post', path: '/verify', permission: 'public', summary: 'Certificate verification: the result (rate-limited)', form: VerifyForm, before: [verifyLimiter] },
    async ({ res, form }) => {
      const values = form.ok ? form.data : { number: '', name: '' };
      const errors = form.ok ? formErrors(values) : ['verify.numberInvalid'];
      if (errors.length > 0) return res.status(422).render('certificates/verify', { title: 'verify.title', form: values, errors });
      const view = await certificates.verify(values.number, values.name);
      if (!view) return res.status(404).render('certificates/verify', { title: 'verify.title', form: values, notFound: true });
      res.render('certificates/verify', { title: 'verify.title', form: values, result: view, revoked: view.status === 'revoked', rows: rows(view) });
    },
  );
  routes.page(
    { method: 'get', path: '/verify/:number', permission: 'public', summary: 'Certificate verification from its QR code (signed token, no typing; rate-limited)', params: z.object({ number: z.string().max(40) }), query: z.object({ n: z.string().max(64).default('') }), before: [verifyLimiter] },
    async ({ res, params, query }) => {
      const view = await certificates.verifyByToken(params.number, query.n);
      if (!view) return res.status(404).render('certificates/verify', { title: 'verify.title', form: { number: params.number, name: '' }, notFound: true });
      res.render('certificates/verify', {
        title: 'verify.title',
        form: { number: view.number, name: '' },
        result: view,
        revoked: view.status === 'revoked',
        rows: rows(view),
        credentialHref: `/verify/${view.number}/credential.jwt?n=${encodeURIComponent(query.n)}`,
      });
    },
  );
  routes.page(
    { method: 'get', path: '/verify/:number/credential.jwt', permission: 'public', summary: "The certificate's signed credential, for whoever holds its QR link", params: z.object({ number: z.string().max(40) }), query: z.object({ n: z.string().max(64).default('') }), before: [verifyLimiter] },
    async ({ res, params, query }) => {
      const doc = await certificates.byToken(params.number, query.n);
      if (!doc) return res.status(404).render('certificates/verify', { title: 'verify.title', form: { number: params.number, name: '' }, notFound: true });
      res.type('application/vc+jwt').set('Content-Disposition', `attachment; filename="${doc.number}.jwt"`).send(certificates.credential(doc));
    },
  );
}
