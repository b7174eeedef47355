import type { Me } from './api';

/** Whether to offer changes in an organisation (operators and its administrators); the server decides. */
export function isOrgAdmin(me: Me | null | undefined, orgId: string): boolean {
  if (!me) return false;
  return me.operator || me.organisations.some((o) => o.id === orgId && o.admin);
}
