import { enabledApp } from '../apps/service.js';
import { findAccountById } from '../auth/service.js';
import { usableOrganisations } from '../check/service.js';
import { requireActor, type Ctx } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { OIDC_SCOPES, providerOf } from './provider.js';
import * as q from './queries.js';

/**
 * R-L3 sign-in to an application: the console's "sign in to <app>" page asks what the interaction is about; once the
 * user is signed in to Nyckel (its own sign-in, throttling and session), it lists the organisations where the user may
 * use a module of the application, and the pick finishes the interaction with a grant that names the organisation.
 */
async function interactionOf(ctx: Ctx, uid: string) {
  const { provider } = await providerOf(ctx);
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) throw new AppError('not_found', { detail: 'The sign-in has expired or is unknown; start again from the application.' });
  const clientId = String(interaction.params.client_id ?? '');
  const app = await enabledApp(ctx, clientId);
  if (!app) throw new AppError('not_found');
  return { provider, interaction, app };
}

const appModules = (modules: string[]) => (modules.length ? modules : null);

/** What the sign-in page shows: the application, whether the caller is signed in, and the organisations to pick from. */
export async function getInteraction(ctx: Ctx, uid: string) {
  const { app } = await interactionOf(ctx, uid);
  const actor = ctx.actor;
  const account = actor ? await findAccountById(ctx.db, actor.accountId) : undefined;
  return {
    uid,
    app: { name: app.name, clientId: app.client_id },
    account: account ? { id: account.id, email: account.email, firstName: account.first_name, lastName: account.last_name } : null,
    organisations: actor ? await usableOrganisations(ctx, actor.accountId, appModules(app.modules)) : [],
  };
}

/**
 * Finishes the interaction for the signed-in caller in the chosen organisation: a grant of the scopes asked (of those
 * Nyckel offers), the organisation kept for it. Refuses: unauthenticated, not_found (no such interaction, or the
 * organisation is not one where the caller may use a module of the application).
 */
export async function chooseOrganisation(ctx: Ctx, uid: string, orgId: string): Promise<{ redirectTo: string }> {
  const actor = requireActor(ctx);
  const { provider, interaction, app } = await interactionOf(ctx, uid);
  const usable = await usableOrganisations(ctx, actor.accountId, appModules(app.modules));
  if (!usable.some((o) => o.orgId === orgId)) throw new AppError('not_found', { detail: 'You may not use this application in that organisation.' });
  const grant = new provider.Grant({ accountId: actor.accountId, clientId: app.client_id });
  const asked = String(interaction.params.scope ?? 'openid').split(' ');
  grant.addOIDCScope(asked.filter((s) => OIDC_SCOPES.includes(s)).join(' '));
  const grantId = await grant.save();
  await q.insertGrantOrg(ctx.db, { grantId, appId: app.id, accountId: actor.accountId, orgId });
  interaction.result = { login: { accountId: actor.accountId }, consent: { grantId } };
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  return { redirectTo: interaction.returnTo };
}

/** The user declines: the application gets access_denied. */
export async function abortInteraction(ctx: Ctx, uid: string): Promise<{ redirectTo: string }> {
  const { interaction } = await interactionOf(ctx, uid);
  interaction.result = { error: 'access_denied', error_description: 'The user cancelled the sign-in.' };
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  return { redirectTo: interaction.returnTo };
}
