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
  'GET /orgs/{orgId}/licenses/seats': {
    operationId: 'getSeats',
    summary: 'Free seats per module before a change, and who may order more',
    description:
      'R-B2, R-B5 (issue 14): seats, in use and available per licensed module for anybody who may add users or order licenses here (program administrators too), so a change shows its seat impact before it is sent. `mayOrder`: whether the caller may order licenses (POST …/license-orders); when not, `licenseAdministrators` names who may — the contract owner first, then the system administrators (at most 10).',
    errors: ['not_found', 'forbidden'],
    response: {
      modules: [{ module: 'payroll', seats: 5, inUse: 5, available: 0 }],
      mayOrder: false,
      licenseAdministrators: [{ accountId: EX.accountId, name: 'Aino Aalto', email: 'aino.aalto@example.fi', contractOwner: true }],
    },
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
