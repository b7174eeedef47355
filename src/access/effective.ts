import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB } from '../kernel/db.js';
import type { UserStatus, UserType } from '../kernel/db-types.js';

/**
 * The one access rule: "this membership gives access now". Stated once as a TypeScript predicate (accessDenial and
 * the predicates built on it) and once as a Kysely expression (membershipAccessSql, accountAccessSql), which
 * effective.api.test.ts proves equal over random memberships, accounts and days. Nothing else re-derives it.
 */

/** Types that hold module access at all (SPEC §2; R-C5: no_access and person hold none). */
export const ACCESS_TYPES = ['reseller', 'employee', 'external'] as const satisfies readonly UserType[];
/** Statuses that hold their grants: an invited user's grants are theirs the moment they accept (R-C2). */
export const HOLDING_STATUSES = ['invited', 'active'] as const satisfies readonly UserStatus[];

export interface MembershipAccessFields {
  type: UserType | string;
  status: UserStatus | string;
  valid_from: string | null;
  valid_until: string | null;
}
export interface AccountAccessFields {
  active: boolean;
  login_valid_until: string | null;
}

/** Why a membership gives no access now — the check API's reasons (SPEC §4 Check), most fundamental first. */
export type NoAccessReason = 'account_disabled' | 'login_expired' | 'inactive' | 'expired' | 'not_yet_valid' | 'invited' | 'not_granted';

/** Options of the rule: whether an invited membership counts, and whether module access (not only entry) is asked. */
export interface AccessOptions {
  /** Invited memberships count (their grants are held; sign-in with a password set elsewhere is allowed). */
  invited?: boolean;
  /** Module access is asked: types no_access and person never have it. */
  modules?: boolean;
}

/**
 * The rule with its reason: null when the membership (with its account, when given) gives access on `today`
 * (YYYY-MM-DD), else why not. Account: active and not past loginValidUntil (R-G2). Membership: status active
 * (or invited, with options.invited), inside validFrom…validUntil (R-C4), and — for module access — of a type that
 * holds modules (R-C5).
 */
export function accessDenial(
  m: MembershipAccessFields,
  account: AccountAccessFields | null,
  today: string,
  options: AccessOptions = {},
): NoAccessReason | null {
  const accountReason = account ? accountDenial(account, today) : null;
  if (accountReason) return accountReason;
  if (m.status === 'inactive') return 'inactive';
  if (m.status === 'expired' || (m.valid_until !== null && m.valid_until < today)) return 'expired';
  if (m.valid_from !== null && m.valid_from > today) return 'not_yet_valid';
  if (m.status === 'invited' && !options.invited) return 'invited';
  if (options.modules && !(ACCESS_TYPES as readonly string[]).includes(m.type)) return 'not_granted';
  return null;
}

/** The account part of the rule (R-G2): a disabled account, or one past loginValidUntil, has no access anywhere. */
export function accountDenial(account: AccountAccessFields, today: string): 'account_disabled' | 'login_expired' | null {
  if (!account.active) return 'account_disabled';
  if (account.login_valid_until !== null && account.login_valid_until < today) return 'login_expired';
  return null;
}

/** The membership lets its account into the organisation now (R-J1 visibility, rights). */
export const isMemberNow = (m: MembershipAccessFields, today: string, account: AccountAccessFields | null = null) => accessDenial(m, account, today) === null;

/** The membership's grants are effective now (the User view's effectiveModules; invited grants count). */
export const holdsGrantsNow = (m: MembershipAccessFields, today: string) => accessDenial(m, null, today, { invited: true, modules: true }) === null;

/**
 * R-B1, beside the rule it shares its sets with: a membership occupies seats exactly when its type holds modules and
 * its status holds grants — independent of the validity window (expiry changes the status, R-C4).
 */
export const takesSeats = (m: { type: string; status: string }) =>
  (ACCESS_TYPES as readonly string[]).includes(m.type) && (HOLDING_STATUSES as readonly string[]).includes(m.status);

type Refs = { org_id: string; status: string; type: string; valid_from: string | null; valid_until: string | null };

/**
 * The rule as a Kysely expression over a memberships row (`alias`): the same as accessDenial(m, null, today, options)
 * === null. Combine with accountAccessSql for the account part.
 */
export function membershipAccessSql<A extends string>(
  eb: ExpressionBuilder<DB & Record<A, DB['memberships']>, A>,
  alias: A,
  today: string,
  options: AccessOptions = {},
): Expression<SqlBool> {
  const col = (c: keyof Refs) => eb.ref(`${alias}.${c}` as never);
  const statuses: string[] = options.invited ? [...HOLDING_STATUSES] : ['active'];
  return eb.and([
    eb(col('status'), 'in', statuses as never[]),
    eb.or([eb(col('valid_from'), 'is', null), eb(col('valid_from'), '<=', today as never)]),
    eb.or([eb(col('valid_until'), 'is', null), eb(col('valid_until'), '>=', today as never)]),
    ...(options.modules ? [eb(col('type'), 'in', ACCESS_TYPES as unknown as never[])] : []),
  ]);
}

/** The account part of the rule as a Kysely expression over an accounts row (`alias`): active, not past loginValidUntil. */
export function accountAccessSql<A extends string>(eb: ExpressionBuilder<DB & Record<A, DB['accounts']>, A>, alias: A, today: string): Expression<SqlBool> {
  const col = (c: 'active' | 'login_valid_until') => eb.ref(`${alias}.${c}` as never);
  return eb.and([eb(col('active'), '=', true as never), eb.or([eb(col('login_valid_until'), 'is', null), eb(col('login_valid_until'), '>=', today as never)])]);
}

const DAY_MS = 86_400_000;
/** The last day asked, as its UTC bounds: the check API asks for "today" on every request. */
let lastDay = { from: 0, to: -1, day: '' };
export const todayOf = (d: Date): string => {
  const t = d.getTime();
  if (t >= lastDay.from && t < lastDay.to) return lastDay.day;
  const from = t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
  lastDay = { from, to: from + DAY_MS, day: d.toISOString().slice(0, 10) };
  return lastDay.day;
};
