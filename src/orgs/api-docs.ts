import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

export const orgExample = {
  id: EX.orgId,
  name: 'Aalto Rakennus Oy',
  kind: 'client',
  country: 'FI',
  businessId: '2331972-7',
  defaultLanguage: 'fi',
  agencyId: EX.agencyId,
  agency: { id: EX.agencyId, name: 'Tilitoimisto Laskut Oy' },
  permissionModel: 'current',
  contractOwnerAccountId: null,
  contractOwner: null,
  createdAt: EX.at,
};

/** Organisations (R-A1–R-A3, R-F2). */
export const orgApiDocs: ApiDocs = {
  'GET /orgs': {
    operationId: 'listOrgs',
    summary: 'List organisations',
    description:
      'R-A3, R-J1: the organisations the caller can see, with free-text search `q`, filters by kind and agency, `mustConvert=true` for legacy customers (`permissionModel=legacy`), sort and keyset pages (pass `nextCursor` back as `cursor`).',
    response: pageExample([orgExample], true),
  },
  'POST /orgs': {
    operationId: 'createOrg',
    summary: 'Create an organisation, by hand or from the business registry',
    description:
      'R-A1, R-A2, R-F2: an operator creates agencies and clients; an agency administrator creates clients of its own agency. The business id is checked by country (FI Y-tunnus, SE organisationsnummer, NO organisasjonsnummer). Initial seats per module and an optional contract owner (R-B5). The other body `{fromRegistry: {country, businessId}}` creates the organisation from the Finnish or Norwegian registry (`not_in_registry`, `registry_unavailable`; `duplicate_business_id` with `orgId` when it is already in Nyckel).',
    errors: ['forbidden', 'invalid_business_id', 'duplicate_business_id', 'email_taken', 'conflict', 'not_in_registry', 'registry_unavailable'],
    request: {
      name: 'Aalto Rakennus Oy',
      kind: 'client',
      country: 'FI',
      businessId: '2331972-7',
      defaultLanguage: 'fi',
      agencyId: EX.agencyId,
      seats: { accounting: 10, payroll: 5 },
      contractOwner: { email: 'ceo@aalto.example.fi', firstName: 'Aino', lastName: 'Aalto' },
    },
    response: orgExample,
  },
  'GET /orgs/{orgId}': {
    operationId: 'getOrg',
    summary: 'One organisation',
    description: "R-J1: 404 when the caller cannot see it (another tenant's data is invisible).",
    errors: ['not_found'],
    response: orgExample,
  },
  'PATCH /orgs/{orgId}': {
    operationId: 'updateOrg',
    summary: "Change an organisation's name, default language, agency or contract owner",
    description:
      "R-A1, R-B5, R-K1: changes the fields sent, audited (`org.updated`). Name and default language: the organisation's administrators. `agencyId` (a client's agency, null for none): platform operators only; refused with `resellers_remain` while the client still has reseller users of its old agency. `contractOwner` by e-mail (an unknown address gets a new account at home here, invited; null for none): operators and the contract owner, who hands it over. A field sent with its current value is no change. An empty body changes nothing and answers the organisation as it is (200, no audit event).",
    errors: ['not_found', 'forbidden', 'email_taken', 'conflict'],
    request: { name: 'Aalto Rakennus Oyj', contractOwner: { email: 'cfo@aalto.example.fi', firstName: 'Mikko', lastName: 'Aalto' } },
    response: {
      ...orgExample,
      name: 'Aalto Rakennus Oyj',
      contractOwnerAccountId: EX.accountId,
      contractOwner: { id: EX.accountId, name: 'Mikko Aalto', email: 'cfo@aalto.example.fi' },
    },
  },
};
