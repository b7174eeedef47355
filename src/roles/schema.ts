import { z } from 'zod';
import { ARCHIVED_FILTERS, ROLE_SCOPES, TARGET_KINDS } from '../kernel/enums.js';
import { CursorQuery, LimitQuery, pageOf, RequiredText, SafeText } from '../kernel/pagination.js';

export const TargetKind = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKind>;

export const TargetView = z.object({ id: z.string(), orgId: z.string(), name: z.string(), archived: z.boolean(), createdAt: z.string() });
export const TargetPage = pageOf(TargetView);
export const CreateTargetBody = z.strictObject({ name: RequiredText(200) });
export const UpdateTargetBody = z.strictObject({ name: RequiredText(200).optional(), archived: z.boolean().optional() });
export const ListTargetsQuery = z.strictObject({
  q: SafeText(200).optional(),
  archived: z.enum(ARCHIVED_FILTERS).default('false'),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export type ListTargetsQuery = z.infer<typeof ListTargetsQuery>;
export const TargetParams = z.object({ orgId: z.uuid(), targetId: z.uuid() });

export const Scope = z.enum(ROLE_SCOPES);
export const AssignRolesBody = z.strictObject({
  scope: Scope,
  targetIds: z.array(z.uuid()).max(200).optional(),
  roles: z.array(z.string().min(1).max(50)).min(1).max(20),
  /** Project scope: the member's title on those projects; defaults to the job title (R-C14). */
  title: z.string().trim().max(100).nullable().optional(),
});
export type AssignRolesBody = z.infer<typeof AssignRolesBody>;
export const RemoveRolesBody = z.strictObject({
  scope: Scope,
  targetIds: z.array(z.uuid()).max(200).optional(),
  roles: z.array(z.string().min(1).max(50)).max(20).optional(),
});
export type RemoveRolesBody = z.infer<typeof RemoveRolesBody>;
export const ProjectTitleBody = z.strictObject({ scope: z.literal('project'), targetId: z.uuid(), title: z.string().trim().max(100).nullable() });
