import { z } from 'zod';

export const MfaToken = z.string().min(10).max(200);
/** A one-time code: 6–8 digits (spaces around it are dropped). */
const TotpCode = z
  .string()
  .regex(/^\s*[0-9]{6,8}\s*$/, 'A code of 6 to 8 digits')
  .transform((c) => c.trim());
/** A recovery code as shown at enrolment: letters, digits and hyphens (spaces around it are dropped). */
const RecoveryCode = z
  .string()
  .regex(/^\s*[A-Za-z0-9-]{8,40}\s*$/, 'A recovery code')
  .transform((c) => c.trim());
export const TotpSignInBody = z.strictObject({ token: MfaToken, code: TotpCode });
export const RecoverySignInBody = z.strictObject({ token: MfaToken, code: RecoveryCode });
export const PasskeyOptionsBody = z.strictObject({ token: MfaToken });
/** A WebAuthn answer as @simplewebauthn/browser sends it (checked in depth by @simplewebauthn/server). */
export const Credential = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({}),
});
export const PasskeySignInBody = z.strictObject({ token: MfaToken, response: Credential });
export const TotpConfirmBody = z.strictObject({ code: TotpCode });
export const PasskeyRegisterBody = z.strictObject({ name: z.string().trim().min(1).max(100), response: Credential });
/** A passkey's credential id: base64url. */
export const PasskeyParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/, 'A passkey id (base64url)') });
export const OrgParams = z.strictObject({ orgId: z.uuid() });
export const MfaPolicyBody = z.strictObject({ required: z.boolean() });
export const MfaPolicyView = z.object({ required: z.boolean() });

export const MyMfaView = z.object({
  totp: z.boolean(),
  passkeys: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
  recoveryCodesLeft: z.number().int(),
  /** This session passed a second factor (at sign-in or by enrolling one). */
  verified: z.boolean(),
  /** Production: operators need a second factor for everything but enrolment. */
  operatorRequired: z.boolean(),
});
export const TotpEnrolmentView = z.object({ secret: z.string(), uri: z.string() });
/** Shown once: the first factor brings recovery codes (null when the account already had them). */
export const RecoveryCodesView = z.object({ recoveryCodes: z.array(z.string()).nullable() });
export const PasskeyRegisteredView = RecoveryCodesView.extend({ id: z.string() });
/** Options for navigator.credentials.create/get (WebAuthn JSON). */
export const WebAuthnOptions = z.looseObject({ challenge: z.string() });
