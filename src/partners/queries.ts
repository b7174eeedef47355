import type { Queryable } from '../kernel/db.js';

/** R-F2: organisations that already have partner users here, with how many. */
export function listPartnerOrgs(db: Queryable, orgId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.home_org_id')
    .select(['o.id', 'o.name', 'o.country', 'o.business_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.org_id', '=', orgId)
    .where('m.home', '=', 'partner')
    .groupBy(['o.id', 'o.name', 'o.country', 'o.business_id'])
    .orderBy('o.name')
    .limit(500)
    .execute();
}
