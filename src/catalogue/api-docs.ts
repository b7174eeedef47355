import { pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** The catalogue of SPEC §2 (modules, access packages, roles); stable keys. */
export const catalogueApiDocs: ApiDocs = {
  'GET /modules': {
    operationId: 'listModules',
    summary: 'The modules',
    description: 'SPEC §2, R-B1: every module with its stable key; `licensed` modules take seats from the pools.',
    response: pageExample([{ key: 'accounting', name: 'Accounting', licensed: true }]),
  },
  'GET /packages': {
    operationId: 'listPackages',
    summary: 'The access packages',
    description: 'SPEC §2, R-C1: access packages and the modules each grants.',
    response: pageExample([{ key: 'base-crm', name: 'Base CRM', modules: ['crm'] }]),
  },
  'GET /roles': {
    operationId: 'listRoles',
    summary: 'The roles',
    description: 'SPEC §2, R-E1, R-E2: roles by scope (organisation, project, site).',
    response: pageExample([{ key: 'project-leader', scope: 'project', name: 'Project leader' }]),
  },
};
