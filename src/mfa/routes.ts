import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../kernel/auth-context.js';
import type { Queryable } from '../kernel/db.js';
import { SESSION_COOKIE } from '../auth/hook.js';
import { setSessionCookie } from '../auth/routes.js';
import { SessionView } from '../auth/schema.js';
import { findAccountById, markSessionMfa, startSession, toAccountView } from '../auth/service.js';
import { hashToken } from '../kernel/crypto.js';
import { AppError } from '../kernel/errors.js';
import * as s from './schema.js';
import * as service from './service.js';

/** Two-step verification: sign-in step 2 (public, holding the challenge token), enrolment (/me/mfa), org policy. */
export function mfaRoutes(deps: Deps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['mfa'];
    const pub = { auth: 'public' as const };
    const enrolment = { mfa: 'enrolment' as const };

    /** The second factor passed: a session that remembers it. */
    const signedIn = async (reply: FastifyReply, accountId: string) => {
      const session = await startSession(deps, accountId, deps.clock.now());
      setSessionCookie(deps, reply, session.sessionToken);
      const account = await findAccountById(deps.db, accountId);
      if (!account) throw new AppError('unauthenticated');
      return { account: toAccountView(account), csrfToken: session.csrfToken };
    };

    app.post('/auth/mfa/totp', { config: pub, schema: { tags, body: s.TotpSignInBody, response: { 200: SessionView } } }, async (req, reply) =>
      signedIn(reply, await service.signInWithTotp(deps, req.body.token, req.body.code)),
    );
    app.post('/auth/mfa/recovery', { config: pub, schema: { tags, body: s.RecoverySignInBody, response: { 200: SessionView } } }, async (req, reply) =>
      signedIn(reply, await service.signInWithRecoveryCode(deps, req.body.token, req.body.code)),
    );
    app.post('/auth/mfa/webauthn/options', { config: pub, schema: { tags, body: s.PasskeyOptionsBody, response: { 200: s.WebAuthnOptions } } }, (req) =>
      service.signInPasskeyOptions(deps, req.body.token),
    );
    app.post('/auth/mfa/webauthn', { config: pub, schema: { tags, body: s.PasskeySignInBody, response: { 200: SessionView } } }, async (req, reply) =>
      signedIn(reply, await service.signInWithPasskey(deps, req.body.token, req.body.response as never)),
    );

    // Enrolment marks the current session as verified (a token caller has no session to mark).
    const marker = (cookie: string | undefined) => async (db: Queryable) => {
      if (cookie) await markSessionMfa(db, hashToken(cookie), deps.clock.now());
    };

    app.get('/me/mfa', { config: enrolment, schema: { tags, response: { 200: s.MyMfaView } } }, (req) => service.getMyMfa(req.ctx));
    app.post('/me/mfa/totp', { config: enrolment, schema: { tags, response: { 200: s.TotpEnrolmentView } } }, (req) => service.startTotpEnrolment(req.ctx));
    app.post('/me/mfa/totp/confirm', { config: enrolment, schema: { tags, body: s.TotpConfirmBody, response: { 200: s.RecoveryCodesView } } }, (req) =>
      service.confirmTotp(req.ctx, req.body.code, marker(req.cookies[SESSION_COOKIE])),
    );
    app.delete('/me/mfa/totp', { config: enrolment, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
      await service.removeTotp(req.ctx);
      return reply.code(204).send(null);
    });
    app.post('/me/mfa/recovery-codes', { config: enrolment, schema: { tags, response: { 200: s.RecoveryCodesView } } }, (req) =>
      service.regenerateRecoveryCodes(req.ctx),
    );
    app.post('/me/mfa/webauthn/options', { config: enrolment, schema: { tags, response: { 200: s.WebAuthnOptions } } }, (req) =>
      service.passkeyRegistrationOptions(req.ctx),
    );
    app.post(
      '/me/mfa/webauthn',
      { config: enrolment, schema: { tags, body: s.PasskeyRegisterBody, response: { 201: s.PasskeyRegisteredView } } },
      async (req, reply) =>
        reply.code(201).send(await service.registerPasskey(req.ctx, req.body.name, req.body.response as never, marker(req.cookies[SESSION_COOKIE]))),
    );
    app.delete('/me/mfa/webauthn/:id', { config: enrolment, schema: { tags, params: s.PasskeyParams, response: { 204: z.null() } } }, async (req, reply) => {
      await service.removePasskey(req.ctx, req.params.id);
      return reply.code(204).send(null);
    });

    app.get('/orgs/:orgId/mfa-policy', { schema: { tags, params: s.OrgParams, response: { 200: s.MfaPolicyView } } }, (req) =>
      service.getOrgMfaPolicy(req.ctx, req.params.orgId),
    );
    app.put('/orgs/:orgId/mfa-policy', { schema: { tags, params: s.OrgParams, body: s.MfaPolicyBody, response: { 200: s.MfaPolicyView } } }, (req) =>
      service.setOrgMfaPolicy(req.ctx, req.params.orgId, req.body.required),
    );
  };
}
