import { z } from 'zod';
import { COUNTRIES, ORG_KINDS, ORG_SORTS, PERMISSION_MODELS, SORT_ORDERS } from '../kernel/enums.js';
import { Email, Language, Name } from '../auth/schema.js';
import { CursorQuery, LimitQuery, pageOf, RequiredText, SafeText } from '../kernel/pagination.js';

export const Country = z.enum(COUNTRIES);
export const OrgKind = z.enum(ORG_KINDS);

export const OrgView = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrgKind,
  country: Country,
  businessId: z.string(),
  defaultLanguage: Language,
  agencyId: z.string().nullable(),
  /** The agency by name, for everybody who sees the organisation (they may not open the agency itself). */
  agency: z.object({ id: z.string(), name: z.string() }).nullable(),
  permissionModel: z.enum(PERMISSION_MODELS),
  contractOwnerAccountId: z.string().nullable(),
  contractOwner: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.string(),
});
export type OrgView = z.infer<typeof OrgView>;
export const OrgPage = pageOf(OrgView);

export const OrgParams = z.object({ orgId: z.uuid() });

export const CreateOrgBody = z.strictObject({
  name: RequiredText(200),
  kind: OrgKind,
  country: Country,
  businessId: RequiredText(40),
  defaultLanguage: Language.optional(),
  agencyId: z.uuid().nullable().optional(),
  seats: z.record(z.string().max(50), z.number().int().min(0).max(1_000_000)).optional(),
  contractOwner: z.strictObject({ email: Email, firstName: Name, lastName: Name }).optional(),
});
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;

const ContractOwnerBody = z.strictObject({ email: Email, firstName: Name, lastName: Name });
export const UpdateOrgBody = z.strictObject({
  name: RequiredText(200).optional(),
  defaultLanguage: Language.optional(),
  /** A client's agency (null: none); operators only (issue 14 item 8). */
  agencyId: z.uuid().nullable().optional(),
  /** The contract owner by e-mail (an unknown address gets a new account, invited; null: none); operators and the contract owner. */
  contractOwner: ContractOwnerBody.nullable().optional(),
});
export type UpdateOrgBody = z.infer<typeof UpdateOrgBody>;

export const OrgSort = z.enum(ORG_SORTS);
export const ListOrgsQuery = z.strictObject({
  q: SafeText(200).optional(),
  kind: OrgKind.optional(),
  agencyId: z.uuid().optional(),
  mustConvert: z.enum(['true', 'false']).optional(),
  sort: OrgSort.default('name'),
  order: z.enum(SORT_ORDERS).default('asc'),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export type ListOrgsQuery = z.infer<typeof ListOrgsQuery>;
