/** Ids and helpers shared by the capabilities' api-docs.ts examples (valid v4 UUIDs, so request examples validate). */
export const EX = {
  agencyId: '5f0c6a52-2c1e-4c5e-9a55-0b8f3b3c1a00',
  orgId: '5f0c6a52-2c1e-4c5e-9a55-0b8f3b3c1a01',
  accountId: 'a3d1f1e2-7b4c-4d3e-8f2a-1c2b3d4e5f60',
  membershipId: 'c9e8d7c6-b5a4-4939-8281-706f5e4d3c2b',
  personId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
  projectId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
  siteId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5f',
  tokenId: 'd4c3b2a1-0f9e-4d8c-9b7a-6f5e4d3c2b1a',
  mailId: 'f0e1d2c3-b4a5-4697-8887-766554433221',
  notificationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  jobId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  eventId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  orderId: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
  officeId: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b',
  at: '2026-03-02T09:15:00.000Z',
  cursor: 'WyJBbmRlcnNzb24iLCJjOWU4ZDdjNi1iNWE0LTQ5MzktODI4MS03MDZmNWU0ZDNjMmIiXQ',
} as const;

/** A Page example (SPEC §4: every list answers {items, total, nextCursor}). */
export const pageExample = <T>(items: T[], more = false) => ({ items, total: more ? 137 : items.length, nextCursor: more ? EX.cursor : null });
