import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const officeExample = {
  id: EX.officeId,
  orgId: EX.orgId,
  name: 'Tampere',
  address: 'Hämeenkatu 1, 33100 Tampere',
  users: 12,
  createdAt: EX.at,
};

/** Offices of an organisation ("toimipaikka", seed 003, R-C16). */
export const officeApiDocs: ApiDocs = {
  'GET /orgs/{orgId}/offices': {
    operationId: 'listOffices',
    summary: "An organisation's offices",
    description:
      "R-C16: the organisation's offices by name, each with the number of users placed there, to anybody who can open the organisation. With `accountId` (administrators adding or changing users): the offices of that account's home organisation instead — a partner user is placed at an office of their own company.",
    errors: ['not_found', 'forbidden'],
    response: pageExample([officeExample], false),
  },
  'POST /orgs/{orgId}/offices': {
    operationId: 'addOffice',
    summary: 'Add an office',
    description: 'R-C16, R-K1: administrators of the organisation add an office (name unique in any letter case, optional address); audited.',
    errors: ['not_found', 'forbidden', 'office_name_taken'],
    request: { name: 'Tampere', address: 'Hämeenkatu 1, 33100 Tampere' },
    response: { ...officeExample, users: 0 },
  },
  'PATCH /orgs/{orgId}/offices/{officeId}': {
    operationId: 'updateOffice',
    summary: 'Rename an office or change its address',
    description: 'R-C16, R-K1: the users placed there show the new name at once (the user list sorts and filters by it); audited.',
    errors: ['not_found', 'forbidden', 'office_name_taken'],
    request: { name: 'Tampere centre' },
    response: { ...officeExample, name: 'Tampere centre' },
  },
  'DELETE /orgs/{orgId}/offices/{officeId}': {
    operationId: 'removeOffice',
    summary: 'Remove an office',
    description:
      'R-C16, R-K1: an office nobody is placed at is removed. One that users are placed at is refused with `office_in_use` (`users`: how many) unless `clearPlacements=true`: then the office goes and those users are placed nowhere, in the same change; audited with the placements cleared.',
    errors: ['not_found', 'forbidden', 'office_in_use'],
  },
};
