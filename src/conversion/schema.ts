import { z } from 'zod';
import { Email, Language } from '../auth/schema.js';
import { CursorQuery, LimitQuery, pageOf, RequiredText, SafeText } from '../kernel/pagination.js';
import { Country, OrgView } from '../orgs/schema.js';
import { UserView } from '../users/schema.js';
import { CONFLICT_KINDS, CONVERSION_STATUSES, DEACTIVATION_REASONS, LOGIN_KINDS, PLAN_USER_TYPES, WIZARD_STEPS } from './enums.js';

/** The legacy system's own ids: short, printable, usable in a path (conflict ids and user keys are built from them). */
const LegacyKey = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'Letters, digits and _ . : @ - only');
const Text = (max: number) => RequiredText(max);
const OptionalEmail = Email.nullable().optional();

export const LegacyPersonBody = z.strictObject({
  key: LegacyKey,
  firstName: Text(100),
  lastName: Text(100),
  email: OptionalEmail,
  phone: SafeText(50).nullable().optional(),
});
export const LegacyLoginBody = z.strictObject({
  key: LegacyKey,
  username: Text(200),
  kind: z.enum(LOGIN_KINDS),
  email: OptionalEmail,
  rights: z.array(z.string().trim().min(1).max(50)).max(200),
  personKeys: z.array(LegacyKey).max(1000),
});

/** R-I1: a legacy customer's export (SPEC §4 LegacyImport). */
export const LegacyImportBody = z.strictObject({
  org: z.strictObject({
    name: RequiredText(200),
    country: Country,
    businessId: RequiredText(40),
    defaultLanguage: Language.optional(),
    agencyId: z.uuid().nullable().optional(),
  }),
  licenses: z.record(z.string().max(50), z.number().int().min(0).max(1_000_000)).default({}),
  persons: z.array(LegacyPersonBody).max(100_000),
  logins: z.array(LegacyLoginBody).max(100_000),
});
export type LegacyImportBody = z.infer<typeof LegacyImportBody>;
export const LegacyImportView = z.object({ org: OrgView, persons: z.number().int(), logins: z.number().int() });

const GrantView = z.object({ key: z.string(), admin: z.boolean() });
export const DecisionBody = z.strictObject({
  personKey: LegacyKey,
  becomes: z.enum(['user', 'person']),
  email: OptionalEmail,
});
export const ConflictView = z.object({
  id: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  loginKeys: z.array(z.string()),
  personKeys: z.array(z.string()),
  resolution: z.array(z.object({ personKey: z.string(), becomes: z.enum(['user', 'person']), email: z.string().nullable().optional() })).nullable(),
  /** Names and usernames the wizard shows beside the keys. */
  persons: z.array(z.object({ key: z.string(), firstName: z.string(), lastName: z.string(), email: z.string().nullable() })),
  logins: z.array(z.object({ key: z.string(), username: z.string(), email: z.string().nullable() })),
});
export const DeactivationView = z.object({ loginKey: z.string(), username: z.string(), reason: z.enum(DEACTIVATION_REASONS) });
export const WarningView = z.object({ code: z.string(), loginKey: z.string(), message: z.string() });
export const PlanUserView = z.object({
  key: z.string(),
  personKey: z.string(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  type: z.enum(PLAN_USER_TYPES),
  packages: z.array(z.string()),
  modules: z.array(GrantView),
  fromLogins: z.array(z.string()),
  edited: z.boolean(),
  pending: z.boolean(),
});
export const SeatsView = z.object({
  module: z.string(),
  seats: z.number().int(),
  inUse: z.number().int(),
  needed: z.number().int(),
  /** Seats missing for apply: max(0, inUse + needed − seats). */
  short: z.number().int(),
});

/**
 * SPEC §4 Conversion. `conflicts`, `deactivations`, `warnings` and `users` hold their first page (`limit`, default
 * 50); `counts` has the totals and the paged lists are under /conversion/{conflicts|users|deactivations}.
 */
export const ConversionView = z.object({
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(CONVERSION_STATUSES),
  version: z.number().int(),
  /** The wizard's step, kept on the server so a reload or another browser resumes there. */
  step: z.enum(WIZARD_STEPS),
  openedBy: z.object({ accountId: z.string(), name: z.string() }),
  openedAt: z.string(),
  appliedAt: z.string().nullable(),
  conflicts: z.array(ConflictView),
  deactivations: z.array(DeactivationView),
  warnings: z.array(WarningView),
  users: z.array(PlanUserView),
  seats: z.array(SeatsView),
  counts: z.object({
    persons: z.number().int(),
    logins: z.number().int(),
    conflicts: z.number().int(),
    openConflicts: z.number().int(),
    deactivations: z.number().int(),
    warnings: z.number().int(),
    users: z.number().int(),
    byType: z.object({ employee: z.number().int(), no_access: z.number().int(), person: z.number().int() }),
  }),
  /** Whether the caller may order licenses here (R-I7: "order the missing seats with the conversion"). */
  mayOrderLicenses: z.boolean(),
});
export type ConversionView = z.infer<typeof ConversionView>;

export const ConversionQuery = z.strictObject({ limit: LimitQuery });
export const ConflictsQuery = z.strictObject({ open: z.enum(['true', 'false']).optional(), limit: LimitQuery, cursor: CursorQuery });
export const UsersQuery = z.strictObject({
  q: SafeText(200).optional(),
  type: z.enum(PLAN_USER_TYPES).optional(),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export const PageQuery = z.strictObject({ limit: LimitQuery, cursor: CursorQuery });
export const ConflictPage = pageOf(ConflictView);
export const PlanUserPage = pageOf(PlanUserView);
export const DeactivationPage = pageOf(DeactivationView.extend({ warning: z.string().nullable() }));

export const ConflictParams = z.object({ orgId: z.uuid(), conflictId: z.string().min(1).max(300) });
export const UserKeyParams = z.object({ orgId: z.uuid(), key: LegacyKey });
export const ResolveBody = z.strictObject({ decisions: z.array(DecisionBody).min(1).max(1000) });
export type ResolveBody = z.infer<typeof ResolveBody>;
export const EditUserBody = z.strictObject({
  type: z.enum(PLAN_USER_TYPES).optional(),
  packages: z.array(z.string().min(1).max(50)).max(50).optional(),
  modules: z
    .array(z.strictObject({ key: z.string().min(1).max(50), admin: z.boolean().optional() }))
    .max(50)
    .optional(),
});
export type EditUserBody = z.infer<typeof EditUserBody>;
export const ApplyBody = z.strictObject({ version: z.number().int().min(1), orderMissingSeats: z.boolean().optional() });
export type ApplyBody = z.infer<typeof ApplyBody>;
export const ApplyView = z.object({ org: OrgView, users: z.array(UserView), usersTotal: z.number().int() });
export const StepBody = z.strictObject({ step: z.enum(WIZARD_STEPS) });
