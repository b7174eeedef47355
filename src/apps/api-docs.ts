import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const app = {
  id: EX.jobId,
  name: 'Payroll',
  clientId: 'nyckel-payroll',
  redirectUris: ['https://payroll.example/callback'],
  postLogoutRedirectUris: ['https://payroll.example/'],
  modules: ['payroll'],
  createdAt: EX.at,
  secretRotatedAt: EX.at,
  disabledAt: null,
};
const withSecret = { ...app, clientSecret: 'nyk_app_c2VjcmV0LXNob3duLW9uY2U' };

/** Module applications (R-L3): registered by an operator, signed in through Nyckel's OpenID Connect provider. */
export const appApiDocs: ApiDocs = {
  'GET /apps': {
    operationId: 'listApps',
    summary: 'Registered module applications',
    description: 'R-L3: every module application with its redirect URIs and modules. Operators only.',
    errors: ['forbidden'],
    response: { items: [app], total: 1, nextCursor: null },
  },
  'POST /apps': {
    operationId: 'registerApp',
    summary: 'Register a module application',
    description:
      'R-L3: an operator registers an application (name, redirect URIs, post-logout URIs, the modules it serves). The client secret is in this answer only; it is stored as an argon2id hash. Audited.',
    errors: ['forbidden'],
    request: {
      name: 'Payroll',
      redirectUris: ['https://payroll.example/callback'],
      postLogoutRedirectUris: ['https://payroll.example/'],
      modules: ['payroll'],
    },
    response: withSecret,
  },
  'POST /apps/{appId}/rotate-secret': {
    operationId: 'rotateAppSecret',
    summary: 'A new client secret (the old one stops at once)',
    description: 'R-L3: the new secret is in this answer only; the old one and tokens issued with it stop working at once. Audited.',
    errors: ['forbidden', 'not_found'],
    response: withSecret,
  },
  'DELETE /apps/{appId}': {
    operationId: 'disableApp',
    summary: 'Disable a module application',
    description: 'R-L3: the application can no longer sign users in or get tokens. Audited.',
    errors: ['forbidden', 'not_found'],
  },
};
