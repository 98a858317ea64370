import type { AccessPolicy } from './routing';

/** The policy before anyone can sign in: only public routes are reachable. */
export const anonymousOnlyPolicy: AccessPolicy = {
  authenticate: async () => null,
  isAllowed: () => false,
  checkCsrf: () => undefined,
  csrfToken: () => '',
};
