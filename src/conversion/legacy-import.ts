import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { inTx, type Tx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { getCatalogue } from '../catalogue/service.js';
import * as policy from '../access/policy.js';
import { validateBusinessId } from '../orgs/business-id.js';
import { createOrg } from '../orgs/service.js';
import * as q from './queries.js';
import type { LegacyImportBody } from './schema.js';

/**
 * R-I1: every problem of a legacy export by path, so a malformed file is refused whole with all of them at once:
 * a bad business id, unknown license modules, duplicate person or login keys, logins naming unknown persons, personal
 * logins without a person.
 */
export function validateLegacyImport(body: LegacyImportBody, licensed: ReadonlySet<string>, known: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const id = validateBusinessId(body.org.country, body.org.businessId);
  if (!id.ok) errors.push({ path: 'org.businessId', code: id.code, message: id.message });
  for (const m of Object.keys(body.licenses)) {
    if (!known.has(m)) errors.push({ path: `licenses.${m}`, code: 'unknown_module', message: `Unknown module ${m}` });
    else if (!licensed.has(m)) errors.push({ path: `licenses.${m}`, code: 'not_licensed', message: 'Not a licensed module' });
  }
  const persons = new Set<string>();
  body.persons.forEach((p, i) => {
    if (persons.has(p.key)) errors.push({ path: `persons.${i}.key`, code: 'duplicate_key', message: `Person key ${p.key} appears twice` });
    persons.add(p.key);
  });
  const logins = new Set<string>();
  body.logins.forEach((l, i) => {
    if (logins.has(l.key)) errors.push({ path: `logins.${i}.key`, code: 'duplicate_key', message: `Login key ${l.key} appears twice` });
    logins.add(l.key);
    const seen = new Set<string>();
    l.personKeys.forEach((k, j) => {
      if (!persons.has(k)) errors.push({ path: `logins.${i}.personKeys.${j}`, code: 'unknown_person', message: `No person with key ${k}` });
      else if (seen.has(k)) errors.push({ path: `logins.${i}.personKeys.${j}`, code: 'duplicate_key', message: `Person ${k} is named twice` });
      seen.add(k);
    });
    if (l.kind === 'personal' && !l.personKeys.length) {
      errors.push({ path: `logins.${i}.personKeys`, code: 'required', message: 'A personal login belongs to at least one person' });
    }
  });
  return errors;
}

/**
 * R-I1: an operator imports a legacy customer: the organisation (permissionModel legacy, under "must convert"), its
 * license pools and the legacy record (persons, logins with their rights), in one transaction.
 * Refuses: validation_failed (every problem by path), duplicate_business_id, forbidden.
 */
export async function importLegacyCustomer(ctx: Ctx, body: LegacyImportBody) {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'importLegacy', ctx.clock.now());
  const catalogue = await getCatalogue(ctx.db);
  const errors = validateLegacyImport(body, catalogue.licensed, new Set(catalogue.modules.keys()));
  if (errors.length) throw new AppError('validation_failed', { detail: `The legacy export has ${errors.length} problem(s); nothing was imported.`, errors });
  return inTx(ctx.db, async (tx) => {
    const org = await createOrg(
      { ...ctx, db: tx },
      {
        name: body.org.name,
        kind: 'client',
        country: body.org.country,
        businessId: body.org.businessId,
        defaultLanguage: body.org.defaultLanguage,
        agencyId: body.org.agencyId ?? null,
        seats: body.licenses,
      },
      { permissionModel: 'legacy' },
    );
    const persons = body.persons.map((p) => ({ key: p.key, firstName: p.firstName, lastName: p.lastName, email: p.email ?? null, phone: p.phone ?? null }));
    const logins = body.logins.map((l) => ({
      key: l.key,
      username: l.username,
      kind: l.kind,
      email: l.email ?? null,
      rights: l.rights,
      personKeys: l.personKeys,
    }));
    await q.insertLegacyRecord(tx, org.id, persons, logins);
    await recordAudit(tx, actor, 'conversion.legacy_imported', {
      orgId: org.id,
      targetType: 'org',
      targetId: org.id,
      after: { persons: persons.length, logins: logins.length, licenses: body.licenses },
    });
    return { org, persons: persons.length, logins: logins.length };
  });
}

/** Keeps a legacy export's persons and logins as the organisation's read-only legacy record (the import, the demo data). */
export async function storeLegacyRecord(tx: Tx, orgId: string, body: Pick<LegacyImportBody, 'persons' | 'logins'>) {
  const persons = body.persons.map((p) => ({ key: p.key, firstName: p.firstName, lastName: p.lastName, email: p.email ?? null, phone: p.phone ?? null }));
  const logins = body.logins.map((l) => ({
    key: l.key,
    username: l.username,
    kind: l.kind,
    email: l.email ?? null,
    rights: l.rights,
    personKeys: l.personKeys,
  }));
  await q.insertLegacyRecord(tx, orgId, persons, logins);
  return { persons: persons.length, logins: logins.length };
}
