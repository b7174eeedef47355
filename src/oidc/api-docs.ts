import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const redirect = { redirectTo: 'https://nyckel.example/oidc/auth/c2lnbi1pbi1yZXN1bWU' };
const step =
  'R-L3: a step of signing in to a module application through Nyckel (the console’s “Sign in to <app>” page drives it). The provider itself (discovery, /oidc/auth, /oidc/token, /oidc/jwks …) lives outside /api/v1.';

/** The console's side of the OpenID Connect provider (R-L3). */
export const oidcApiDocs: ApiDocs = {
  'GET /oidc/interactions/{uid}': {
    operationId: 'getOidcInteraction',
    summary: 'The sign-in in progress: the application and the organisations to choose from',
    description: `${step} Lists only the organisations where the signed-in user may use a module of the application.`,
    errors: ['not_found'],
    response: {
      uid: 'aW50ZXJhY3Rpb24tdWlk',
      app: { name: 'Payroll', clientId: 'nyckel-payroll' },
      account: { id: EX.accountId, email: 'maija.virtanen@example.fi', firstName: 'Maija', lastName: 'Virtanen' },
      organisations: [{ orgId: EX.orgId, orgName: 'Aalto Rakennus Oy', type: 'employee', modules: ['payroll'] }],
    },
  },
  'POST /oidc/interactions/{uid}/choose': {
    operationId: 'chooseOidcOrganisation',
    summary: 'Choose the organisation to sign in to the application for',
    description: `${step} The ID and access tokens then carry the chosen \`org_id\`, its name, the user's type and modules there.`,
    errors: ['not_found', 'forbidden'],
    request: { orgId: EX.orgId },
    response: redirect,
  },
  'POST /oidc/interactions/{uid}/abort': {
    operationId: 'abortOidcInteraction',
    summary: 'Cancel signing in to the application',
    description: `${step} The application receives \`access_denied\`.`,
    errors: ['not_found'],
    response: redirect,
  },
  'POST /oidc/keys/rotate': {
    operationId: 'rotateOidcKeys',
    summary: 'Rotate the token signing key',
    description: 'R-L3: a new signing key; the previous one stays published in the JWKS until the tokens it signed have expired. Operators only. Audited.',
    errors: ['forbidden'],
    response: { kid: 'a1b2c3d4' },
  },
};
