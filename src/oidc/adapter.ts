import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { DB } from '../kernel/db.js';
import * as q from './queries.js';

/**
 * oidc-provider's storage on Nyckel's database (PGlite or PostgreSQL): every model (Session, Interaction,
 * AuthorizationCode, AccessToken, RefreshToken, Grant …) is one row, so any node serves any step of a flow.
 * Clients are not stored here: they are the registered applications (client-adapter in provider.ts).
 */
export class DbAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await q.upsertPayload(this.db, {
      model: this.model,
      id,
      payload: payload as Record<string, unknown>,
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    });
  }

  private async load(by: Parameters<typeof q.findPayload>[2]): Promise<AdapterPayload | undefined> {
    const row = await q.findPayload(this.db, this.model, by, new Date());
    if (!row) return undefined;
    return { ...(row.payload as AdapterPayload), ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}) };
  }

  find(id: string) {
    return this.load({ id });
  }

  findByUid(uid: string) {
    return this.load({ uid });
  }

  findByUserCode(userCode: string) {
    return this.load({ userCode });
  }

  async consume(id: string): Promise<void> {
    await q.consumePayload(this.db, this.model, id, new Date());
  }

  async destroy(id: string): Promise<void> {
    await q.destroyPayload(this.db, this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await q.revokeGrantPayloads(this.db, grantId);
  }
}
