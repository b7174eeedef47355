import { z } from 'zod';
import {
  EDITABLE_USER_TYPES,
  RESELLER_ROLES,
  ROLE_SCOPES,
  SORT_ORDERS,
  USER_HOMES,
  USER_SORTS,
  USER_STATUSES,
  USER_TYPES,
  USER_VIEWS,
} from '../kernel/enums.js';
import { Email, Language, Name } from '../auth/schema.js';
import { CursorQuery, LimitQuery, pageOf, RequiredText, SafeText } from '../kernel/pagination.js';

export const UserType = z.enum(USER_TYPES);
export const UserStatus = z.enum(USER_STATUSES);
export const DateString = z.iso.date();
const ModuleKey = z.string().min(1).max(50);
const Grant = z.strictObject({ key: ModuleKey, admin: z.boolean().optional() });
export { EmailSettings } from '../auth/schema.js';
import { EmailSettings } from '../auth/schema.js';

export const UserView = z.object({
  id: z.string(),
  orgId: z.string(),
  accountId: z.string().nullable(),
  personId: z.string(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  type: UserType,
  status: UserStatus,
  home: z.enum(USER_HOMES),
  homeOrg: z.object({ id: z.string(), name: z.string() }).nullable(),
  resellerRole: z.enum(RESELLER_ROLES).nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  jobTitle: z.string().nullable(),
  language: Language.nullable(),
  /** The account's sign-in end date ("Gäller t o m", seed 001); set by the home organisation. */
  loginValidUntil: z.string().nullable(),
  packages: z.array(z.string()),
  modules: z.array(z.object({ key: z.string(), admin: z.boolean() })),
  effectiveModules: z.array(z.string()),
  roles: z.array(z.object({ scope: z.enum(ROLE_SCOPES), targetId: z.string(), role: z.string(), title: z.string().nullable() })),
  /** R-C16: the office the user is placed at — an office of their home organisation (a partner's own company). */
  office: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;
/** R-D1 at scale: how `total` counts — exactly, or a capped count that says "at least this many". */
export const TOTAL_KINDS = ['exact', 'atLeast'] as const;
export const UserPage = pageOf(UserView).extend({
  totalKind: z.enum(TOTAL_KINDS).meta({
    description:
      '`exact`: `total` is the number of matching users. `atLeast`: more users match than the count\'s cap (10,000 by default); `total` is the cap — show it as "10,000+".',
  }),
});

export const UserParams = z.object({ orgId: z.uuid(), membershipId: z.uuid() });

export const CreateUserBody = z.strictObject({
  type: UserType,
  email: Email.optional(),
  firstName: Name.optional(),
  lastName: Name.optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  accountId: z.uuid().optional(),
  homeOrgId: z.uuid().optional(),
  resellerRole: z.enum(RESELLER_ROLES).optional(),
  packages: z.array(z.string().min(1).max(50)).max(50).optional(),
  modules: z.array(Grant).max(50).optional(),
  validFrom: DateString.nullable().optional(),
  validUntil: DateString.nullable().optional(),
  jobTitle: z.string().trim().max(100).nullable().optional(),
  language: Language.optional(),
  emailSettings: EmailSettings.optional(),
  /** R-C16: an office of the user's home organisation (GET /orgs/{orgId}/offices, with `accountId` for an existing account). */
  officeId: z.uuid().nullable().optional(),
  /** R-C4: records an external user whose validity already ended (created expired, never invited); refused otherwise. */
  historic: z.boolean().optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  type: z.enum(EDITABLE_USER_TYPES).optional(),
  firstName: Name.optional(),
  lastName: Name.optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  jobTitle: z.string().trim().max(100).nullable().optional(),
  resellerRole: z.enum(RESELLER_ROLES).optional(),
  packages: z.array(z.string().min(1).max(50)).max(50).optional(),
  modules: z.array(Grant).max(50).optional(),
  validFrom: DateString.nullable().optional(),
  validUntil: DateString.nullable().optional(),
  loginValidUntil: DateString.nullable().optional(),
  /** R-C16: place the user at an office of their home organisation; null: at none. */
  officeId: z.uuid().nullable().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ResendInvitationBody = z.strictObject({ message: z.string().trim().max(2000).optional() });

export const UserSort = z.enum(USER_SORTS);
// A column filter is trimmed and must not be empty then: the document says so (minLength, a non-space character).
const Filter = SafeText(200)
  .pipe(z.string().min(1))
  .meta({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Non-empty after trimming spaces; at most 200 characters.' })
  .optional();
export const ListUsersQuery = z.strictObject({
  view: z.enum(USER_VIEWS).default('all'),
  type: UserType.optional(),
  status: UserStatus.optional(),
  q: Filter,
  firstName: Filter,
  lastName: Filter,
  email: Filter,
  organization: Filter,
  office: Filter,
  sort: UserSort.default('lastName'),
  order: z.enum(SORT_ORDERS).default('asc'),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;
export const ExportUsersQuery = ListUsersQuery.omit({ limit: true, cursor: true }).extend({
  lang: Language.optional().meta({ description: "The sheet's language; without it the request's Accept-Language, then the account's." }),
});
export type ExportUsersQuery = z.infer<typeof ExportUsersQuery>;

export const EligibleResellersQuery = z.strictObject({ q: Filter, limit: LimitQuery, cursor: CursorQuery });
export type EligibleResellersQuery = z.infer<typeof EligibleResellersQuery>;
export const EligibleReseller = z.object({
  accountId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  office: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Already a user of the client: their membership there (change that user instead of adding). */
  membershipId: z.string().nullable(),
});
export const EligibleResellerPage = pageOf(EligibleReseller);

export const LookupQuery = z.strictObject({ email: RequiredText(254), orgId: z.uuid().optional() });
export const LookupView = z.object({
  found: z.boolean(),
  account: z
    .object({
      id: z.string(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      homeOrg: z.object({ id: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
  /** With orgId: whether the account is already a user of that organisation. */
  alreadyMember: z.boolean().nullable(),
});

/** Issue 14 item 10: bulk lifecycle actions from the user list. */
export const BULK_USER_ACTIONS = ['deactivate', 'remove-access', 'delete'] as const;
/** The most users one bulk request by filter acts on; a filter matching more is refused (too_many_matching). */
export const BULK_FILTER_MAX = 1000;
/** The user list's filter (GET /orgs/{id}/users without sort and paging): "all N users matching the filter". */
export const BulkUsersFilter = ListUsersQuery.omit({ limit: true, cursor: true, sort: true, order: true });
export type BulkUsersFilter = z.infer<typeof BulkUsersFilter>;
const BulkUserAction = z.enum(BULK_USER_ACTIONS);
/** Either the users picked one by one, or every user the list's filter matches — never both (one shape each). */
export const BulkUsersBody = z.union([
  z.strictObject({
    action: BulkUserAction,
    /** The users picked one by one (at most 200). */
    ids: z.array(z.uuid()).min(1).max(200),
  }),
  z.strictObject({
    action: BulkUserAction,
    /** Every user the list's filter matches, resolved by the server (at most BULK_FILTER_MAX). */
    filter: BulkUsersFilter.meta({ description: `Every user the list's filter matches (at most ${BULK_FILTER_MAX}); instead of ids.` }),
  }),
]);
export type BulkUsersBody = z.infer<typeof BulkUsersBody>;
export const BulkUsersView = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['done', 'failed']),
      /** The problem code the single action answered (e.g. last_administrator, already_inactive). */
      code: z.string().nullable(),
      detail: z.string().nullable(),
      /** The user's name (first and last), when the request named them by filter; null for ids. */
      name: z.string().nullable(),
    }),
  ),
  done: z.number().int(),
  failed: z.number().int(),
});
export type BulkUsersView = z.infer<typeof BulkUsersView>;

export const DeletedUserView = UserView.pick({
  id: true,
  orgId: true,
  accountId: true,
  personId: true,
  email: true,
  firstName: true,
  lastName: true,
  type: true,
  status: true,
  home: true,
  packages: true,
  modules: true,
}).extend({
  homeOrgName: z.string(),
  /** How many roles come back with a restore. */
  roles: z.number().int(),
  deletedAt: z.string(),
  deletedBy: z.string().nullable(),
  restorableUntil: z.string(),
});
export type DeletedUserView = z.infer<typeof DeletedUserView>;
export const DeletedUserPage = pageOf(DeletedUserView);
export const DeletedUsersQuery = z.strictObject({ limit: LimitQuery, cursor: CursorQuery });
