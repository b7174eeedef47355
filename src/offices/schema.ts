import { z } from 'zod';
import { pageOf, RequiredText } from '../kernel/pagination.js';

/** An office ("toimipaikka", seed 003, R-C16) of an organisation; `users`: the members placed there, in any organisation. */
export const OfficeView = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  users: z.number().int(),
  createdAt: z.string(),
});
export type OfficeView = z.infer<typeof OfficeView>;
export const OfficePage = pageOf(OfficeView);

export const OfficeParams = z.object({ orgId: z.uuid(), officeId: z.uuid() });

const Address = z.string().trim().max(300).nullable().optional();
export const CreateOfficeBody = z.strictObject({ name: RequiredText(100), address: Address });
export type CreateOfficeBody = z.infer<typeof CreateOfficeBody>;
export const UpdateOfficeBody = z.strictObject({ name: RequiredText(100).optional(), address: Address });
export type UpdateOfficeBody = z.infer<typeof UpdateOfficeBody>;

export const ListOfficesQuery = z
  .strictObject({
    accountId: z
      .uuid()
      .optional()
      .meta({ description: "Instead of the organisation's own offices: those of this account's home organisation (where it can be placed, R-C16)." }),
    homeOrgId: z.uuid().optional().meta({
      description:
        "Instead of the organisation's own offices: those of this home organisation, where a new partner user added here with this `homeOrgId` can be placed (R-C16).",
    }),
  })
  .refine((q) => !(q.accountId && q.homeOrgId), { path: ['homeOrgId'], message: 'Give accountId or homeOrgId, not both' });

export const RemoveOfficeQuery = z.strictObject({
  clearPlacements: z.enum(['true', 'false']).optional().meta({
    description: '`true`: remove an office that users are placed at and clear their placements; otherwise such an office is refused with `office_in_use`.',
  }),
});
