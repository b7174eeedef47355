/** Conversion value lists (SPEC §4 Conversion), import-free so the console can use them as they are. */
export const CONVERSION_STATUSES = ['open', 'applied'] as const;
export const CONFLICT_KINDS = ['shared_login', 'missing_email', 'duplicate_email'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const PLAN_USER_TYPES = ['employee', 'no_access', 'person'] as const;
export type PlanUserType = (typeof PLAN_USER_TYPES)[number];
export const DEACTIVATION_REASONS = ['no_rights', 'integration', 'no_user'] as const;
export type DeactivationReason = (typeof DEACTIVATION_REASONS)[number];
export const LOGIN_KINDS = ['personal', 'integration'] as const;
/** The wizard's steps in order (R-I2, seed 000). */
export const WIZARD_STEPS = ['instructions', 'conflicts', 'deactivations', 'summary', 'confirm'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
