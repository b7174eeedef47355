import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs, ErrorCodeList, OperationKey } from '../kernel/openapi.js';
import { userExample } from '../users/api-docs.js';

const one: ErrorCodeList = ['not_found', 'forbidden'];

const conflict: ErrorCodeList = [...one, 'conflict'];

function targetDocs(kind: 'projects' | 'sites'): ApiDocs {
  const noun = kind === 'projects' ? 'project' : 'site';
  const Noun = kind === 'projects' ? 'Project' : 'Site';
  const example = {
    id: kind === 'projects' ? EX.projectId : EX.siteId,
    orgId: EX.orgId,
    name: kind === 'projects' ? 'Harbour bridge' : 'Espoo depot',
    archived: false,
    createdAt: EX.at,
  };
  const key = (k: string) => k as OperationKey;
  const docs: ApiDocs = {
    [key(`GET /orgs/{orgId}/${kind}`)]: {
      operationId: `list${Noun}s`,
      summary: `The organisation's ${kind}`,
      description: `R-E2: ${kind} by name with search \`q\` and \`archived\` (\`false\` by default, \`true\`, \`all\`); keyset pages.`,
      errors: one,
      response: pageExample([example]),
    },
    [key(`POST /orgs/{orgId}/${kind}`)]: {
      operationId: `create${Noun}`,
      summary: `Create a ${noun}`,
      description: `R-E2, R-K1: a ${noun} to give ${noun} roles on (audited).`,
      errors: conflict,
      request: { name: example.name },
      response: example,
    },
    [key(`PATCH /orgs/{orgId}/${kind}/{targetId}`)]: {
      operationId: `update${Noun}`,
      summary: `Rename or archive a ${noun}`,
      description: `R-E2, R-K1: changes the fields sent (audited). An empty body changes nothing and answers the ${noun} as it is (200, no audit event).`,
      errors: conflict,
      request: { archived: true },
      response: { ...example, archived: true },
    },
  };
  return docs;
}

/**
 * Role assignment bodies as one shape per scope (R-E1, R-E2), from the route's flat schema plus the service's rule:
 * on projects and sites `targetIds` names at least one; on the organisation it may be left out (it is the organisation).
 */
export function assignmentBodyByScope(flat: Record<string, any>) {
  const { targetIds, ...others } = flat.properties as Record<string, any>;
  const variant = (scope: string, targets: Record<string, any>, required: string[]) => ({
    type: 'object',
    title: scope,
    properties: { ...others, scope: { type: 'string', const: scope }, targetIds: targets },
    required: ['scope', ...required, ...(flat.required ?? []).filter((k: string) => k !== 'scope')],
    additionalProperties: false,
  });
  const some = { ...targetIds, minItems: 1 };
  return {
    oneOf: [variant('org', targetIds, []), variant('project', some, ['targetIds']), variant('site', some, ['targetIds'])],
    discriminator: { propertyName: 'scope' },
  };
}

/** Projects, sites and role assignments (R-E1–R-E3, R-C14). */
export const roleApiDocs: ApiDocs = {
  ...targetDocs('projects'),
  ...targetDocs('sites'),
  'POST /orgs/{orgId}/users/{membershipId}/role-assignments': {
    operationId: 'assignRoles',
    summary: 'Give roles on the organisation, projects or sites',
    description:
      "R-E1–R-E3, R-C14, R-J2: one or more roles on the organisation or on one or more projects or sites in one action, to own and partner users alike. On projects the title defaults to the user's job title.",
    errors: [...one, 'member_inactive', 'not_applicable_to_person'],
    requestSchema: assignmentBodyByScope,
    request: { scope: 'project', targetIds: [EX.projectId], roles: ['project-leader'] },
    response: userExample,
  },
  'DELETE /orgs/{orgId}/users/{membershipId}/role-assignments': {
    operationId: 'removeRoleAssignments',
    summary: 'Remove roles',
    description: 'R-E1, R-E2: removes the roles named (all of the scope when `roles` is absent) from the organisation or the selected projects or sites.',
    errors: [...one, 'not_applicable_to_person'],
    requestSchema: assignmentBodyByScope,
    request: { scope: 'project', targetIds: [EX.projectId] },
    response: { ...userExample, roles: [] },
  },
  'PATCH /orgs/{orgId}/users/{membershipId}/role-assignments': {
    operationId: 'setProjectTitle',
    summary: "Set a user's title on a project",
    description: 'R-C14: the title on one project where the user has a role (it started as the job title).',
    errors: [...one, 'not_applicable_to_person'],
    request: { scope: 'project', targetId: EX.projectId, title: 'Site manager' },
    response: userExample,
  },
};
