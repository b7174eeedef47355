import { z } from 'zod';
import { LANGUAGES, ORG_KINDS } from '../kernel/enums.js';
import { CursorQuery, LimitQuery, pageOf, RequiredText } from '../kernel/pagination.js';

export const Language = z.enum(LANGUAGES);
// Trimmed, then checked: the document shows the check (format and zod's own pattern) on the value as sent.
export const Email = z.string().trim().max(254).pipe(z.email()).meta({ format: 'email', pattern: z.regexes.email.source });
export const Password = z.string().min(10, 'At least 10 characters').max(200);
export const Token = z.string().min(10).max(200);
export const Name = RequiredText(100);

export const AccountView = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  language: Language,
  homeOrgId: z.string().nullable(),
  active: z.boolean(),
  loginValidUntil: z.string().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

export const LoginBody = z.strictObject({ email: RequiredText(254), password: z.string().min(1).max(200) });
export const LoginView = z.object({ account: AccountView, csrfToken: z.string() });

export const EmailSettings = z.strictObject({ accessNotices: z.boolean(), productNews: z.boolean() });

export const MyOrganisation = z.object({ id: z.string(), name: z.string(), kind: z.enum(ORG_KINDS), admin: z.boolean(), programAdminOf: z.array(z.string()) });
export const MyOrganisationsQuery = z.strictObject({ cursor: CursorQuery, limit: LimitQuery });
export const MyOrganisationParams = z.strictObject({ orgId: z.uuid() });
/** GET /me/organisations/{orgId}: the caller's standing in one organisation (what a client may offer; the server decides). */
export const MyStanding = MyOrganisation.extend({ contractOwner: z.boolean(), agencyAdmin: z.boolean(), member: z.boolean() });
export const MyOrganisationsPage = pageOf(MyOrganisation);

export const MeView = z.object({
  account: AccountView,
  /** R-C15: the user's own e-mail settings. */
  emailSettings: z.object({ accessNotices: z.boolean(), productNews: z.boolean() }),
  operator: z.boolean(),
  csrfToken: z.string().nullable(),
  /** The organisation switcher: `admin` system administrator there; `programAdminOf` modules administered there. */
  /** The first page (by name) of the organisations the caller can open; the rest: GET /me/organisations?cursor=… */
  organisations: z.array(MyOrganisation),
  organisationsTotal: z.number().int(),
  organisationsNextCursor: z.string().nullable(),
});
export const MePatchBody = z.strictObject({
  language: Language.optional(),
  firstName: Name.optional(),
  lastName: Name.optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  emailSettings: EmailSettings.optional(),
});

export const ForgotPasswordBody = z.strictObject({ email: RequiredText(254) });
export const SetPasswordBody = z.strictObject({ token: Token, password: Password });
export const LinkStatusBody = z.strictObject({ token: Token, purpose: z.enum(['invitation', 'reset']) });
export const LinkStatusView = z.object({ state: z.enum(['valid', 'used', 'expired', 'withdrawn', 'unknown']), email: z.string().nullable() });

export const ApiTokenBody = z.strictObject({ name: RequiredText(100) });
export const ApiTokenView = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });
export const ApiTokenCreatedView = ApiTokenView.extend({ token: z.string() });
export const ApiTokenPage = pageOf(ApiTokenView);
export const ApiTokenParams = z.object({ id: z.uuid() });
