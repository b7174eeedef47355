import { z } from 'zod';

const RedirectUri = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(2000)
  .refine((u) => !u.includes('#'), { message: 'A redirect URI has no fragment' });

export const AppBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  redirectUris: z.array(RedirectUri).max(20).default([]),
  postLogoutRedirectUris: z.array(RedirectUri).max(20).default([]),
  /** The modules the application serves; its organisation chooser lists organisations where the user may use one. */
  modules: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type AppBody = z.infer<typeof AppBody>;

export const AppParams = z.strictObject({ appId: z.uuid() });

export const AppView = z.object({
  id: z.string(),
  name: z.string(),
  clientId: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  modules: z.array(z.string()),
  createdAt: z.string(),
  secretRotatedAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type AppView = z.infer<typeof AppView>;
/** Registration and rotation answer the secret once; it is stored only as an argon2id hash. */
export const AppWithSecret = AppView.extend({ clientSecret: z.string() });
export const AppPage = z.object({ items: z.array(AppView), total: z.number().int(), nextCursor: z.string().nullable() });
