import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const order = { id: EX.orderId, at: EX.at, by: { accountId: EX.accountId, name: 'Maija Virtanen' }, changes: { accounting: { from: 10, to: 12 } } };

/** License pools and orders (R-B1–R-B5). */
export const licenseApiDocs: ApiDocs = {
  'GET /orgs/{orgId}/licenses': {
    operationId: 'getLicenses',
    summary: 'Seats per module and the order history',
    description:
      'R-B1, R-B3, R-B5: seats, seats in use and available per licensed module, and every order. The contract owner may read them without being a member.',
    errors: ['not_found', 'forbidden'],
    response: { modules: [{ module: 'accounting', seats: 12, inUse: 9, available: 3 }], orders: [order] },
  },
  'POST /orgs/{orgId}/license-orders': {
    operationId: 'placeLicenseOrder',
    summary: 'Change seats per module in one checkout',
    description:
      "R-B3, R-B5: sets the new total of seats for each module named (at least one). Lowering below the seats in use is refused whole with `license_in_use` and the counts per module. Orders are kept as the agreement's history (audited).",
    errors: ['not_found', 'forbidden', 'license_in_use'],
    request: { seats: { accounting: 12 } },
    response: order,
  },
};
