import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** Partner organisations and the business registries (R-F1, R-F2). */
export const partnerApiDocs: ApiDocs = {
  'GET /registry/{country}/{businessId}': {
    operationId: 'lookupRegistry',
    summary: 'Look a company up in the business registry',
    description:
      'R-F2: Finland (PRH/YTJ open data) and Norway (Brønnøysund Enhetsregisteret); Sweden has no free open registry (`not_in_registry`). `orgId` is set when the company is already in Nyckel.',
    errors: ['invalid_business_id', 'not_in_registry', 'registry_unavailable', 'forbidden'],
    response: { country: 'FI', businessId: '2331972-7', name: 'Verso Food Oy', companyForm: 'OY', orgId: null },
  },
  'GET /orgs/{orgId}/partner-orgs': {
    operationId: 'listPartnerOrgs',
    summary: 'The home organisations of partner users here',
    description: 'R-F2: the organisations that already have partner users in this one, to pick as the home of a new partner user.',
    errors: ['not_found', 'forbidden'],
    response: pageExample([{ id: EX.agencyId, name: 'Nordic Accounting Partners AB', country: 'SE', businessId: '556012-5790', partnerUsers: 4 }]),
  },
};
