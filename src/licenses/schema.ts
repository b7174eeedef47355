import { z } from 'zod';

export const LicensesView = z.object({
  modules: z.array(z.object({ module: z.string(), seats: z.number(), inUse: z.number(), available: z.number() })),
  orders: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      by: z.object({ accountId: z.string().nullable(), name: z.string() }),
      changes: z.record(z.string(), z.object({ from: z.number(), to: z.number() })),
    }),
  ),
});
export type LicensesView = z.infer<typeof LicensesView>;

/**
 * Issue 14 (R-B2 before the last step): the free seats per module for a change being prepared, whether the caller may
 * order more (policy orderLicenses), and otherwise who may — the contract owner and the organisation's administrators.
 */
export const SeatsView = z.object({
  modules: LicensesView.shape.modules,
  mayOrder: z.boolean(),
  licenseAdministrators: z.array(z.object({ accountId: z.string(), name: z.string(), email: z.string(), contractOwner: z.boolean() })),
});
export type SeatsView = z.infer<typeof SeatsView>;

export const OrderBody = z.strictObject({
  seats: z
    .record(z.string().max(50), z.number().int().min(0).max(1_000_000))
    .refine((s) => Object.keys(s).length > 0, { message: 'Name at least one module', params: { code: 'required' } })
    .meta({ minProperties: 1, description: 'The new total of seats per module key; at least one module.' }),
});
export type OrderBody = z.infer<typeof OrderBody>;
export const OrderView = LicensesView.shape.orders.element;
