import type { LegacyImportBody } from './schema.js';

/**
 * Legacy exports for the demo, tests and the bench: one conflict of each kind (a login shared by two persons, a
 * personal login without e-mail, two logins with one e-mail), an integration login, a login without mappable rights,
 * a login with an unmapped right and a person without login. `extra` adds that many plain users (the bench's size).
 */
export function sampleLegacyExport(input: {
  org: LegacyImportBody['org'];
  domain: string;
  licenses?: Record<string, number>;
  extra?: number;
  extraPersonsWithoutLogin?: number;
}): LegacyImportBody {
  const d = input.domain;
  const persons: LegacyImportBody['persons'] = [
    { key: 'P1', firstName: 'Astrid', lastName: 'Lind', email: `astrid.lind@${d}`, phone: '+46 70 111 11 11' },
    { key: 'P2', firstName: 'Bo', lastName: 'Ek', email: null },
    { key: 'P3', firstName: 'Cecilia', lastName: 'Holm', email: `cecilia.holm@${d}` },
    { key: 'P4', firstName: 'David', lastName: 'Holm', email: null },
    { key: 'P5', firstName: 'Elin', lastName: 'Berg', email: null },
    { key: 'P6', firstName: 'Fredrik', lastName: 'Berg', email: null },
    { key: 'P7', firstName: 'Greta', lastName: 'Nyström', email: `greta.nystrom@${d}` },
    { key: 'P8', firstName: 'Hans', lastName: 'Sjöberg', email: `hans.sjoberg@${d}` },
    { key: 'P9', firstName: 'Ida', lastName: 'Falk', email: `ida.falk@${d}` },
  ];
  const logins: LegacyImportBody['logins'] = [
    { key: 'L1', username: 'astrid', kind: 'personal', email: `astrid.lind@${d}`, rights: ['ACC', 'INV', 'BANK', 'PAY'], personKeys: ['P1'] },
    { key: 'L2', username: 'bo.ek', kind: 'personal', email: null, rights: ['TIME', 'PRJ'], personKeys: ['P2'] },
    { key: 'L3', username: 'holm', kind: 'personal', email: `holm@${d}`, rights: ['CRM', 'PRJ', 'TIME'], personKeys: ['P3', 'P4'] },
    { key: 'L5', username: 'berg.e', kind: 'personal', email: `berg@${d}`, rights: ['ACC'], personKeys: ['P5'] },
    { key: 'L6', username: 'berg.f', kind: 'personal', email: `berg@${d}`, rights: ['INV'], personKeys: ['P6'] },
    { key: 'L7', username: 'greta', kind: 'personal', email: `greta.nystrom@${d}`, rights: ['REPORTS'], personKeys: ['P7'] },
    { key: 'L8', username: 'api-bank-sync', kind: 'integration', email: null, rights: ['ACC', 'BANK'], personKeys: [] },
    { key: 'L9', username: 'ida', kind: 'personal', email: `ida.falk@${d}`, rights: ['ADMIN', 'ACC', 'XLS'], personKeys: ['P9'] },
  ];
  for (let i = 0; i < (input.extra ?? 0); i++) {
    const k = `X${i}`;
    persons.push({ key: `PX${i}`, firstName: `First${i}`, lastName: `Last${i}`, email: `user${i}@${d}` });
    logins.push({
      key: `LX${i}`,
      username: `user${i}`,
      kind: 'personal',
      email: `user${i}@${d}`,
      rights: i % 2 ? ['ACC', 'INV', 'BANK'] : ['CRM', 'PRJ', 'TIME', 'PAY'],
      personKeys: [`P${k}`],
    });
  }
  for (let i = 0; i < (input.extraPersonsWithoutLogin ?? 0); i++)
    persons.push({ key: `PN${i}`, firstName: `Contact${i}`, lastName: `Person${i}`, email: null });
  return {
    org: input.org,
    licenses: input.licenses ?? { accounting: 10, invoicing: 10, payroll: 5, crm: 5, projects: 5, timesheets: 5, cases: 0, documents: 0 },
    persons,
    logins,
  };
}
