import { z } from 'zod';

export const InteractionParams = z.strictObject({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/) });
export const ChooseBody = z.strictObject({ orgId: z.uuid() });
export const InteractionView = z.object({
  uid: z.string(),
  app: z.object({ name: z.string(), clientId: z.string() }),
  account: z.object({ id: z.string(), email: z.string(), firstName: z.string(), lastName: z.string() }).nullable(),
  organisations: z.array(z.object({ orgId: z.string(), orgName: z.string(), type: z.string(), modules: z.array(z.string()) })),
});
export const RedirectView = z.object({ redirectTo: z.string() });
export const KeyView = z.object({ kid: z.string() });
