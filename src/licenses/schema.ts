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

export const OrderBody = z.strictObject({
  seats: z
    .record(z.string().max(50), z.number().int().min(0).max(1_000_000))
    .refine((s) => Object.keys(s).length > 0, { message: 'Name at least one module', params: { code: 'required' } })
    .meta({ minProperties: 1, description: 'The new total of seats per module key; at least one module.' }),
});
export type OrderBody = z.infer<typeof OrderBody>;
export const OrderView = LicensesView.shape.orders.element;
