import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmployee, connect, createToken, listAllUsers } from '../clients/typescript/example.js';
import { generateClientTypes } from '../src/kernel/openapi-client.js';
import { makeOrg } from './factories.js';
import { OPERATOR, startTestApp, type TestApp } from './test-app.js';

// Issue 13 checks in CI, on the document the server serves: Spectral (the OpenAPI ruleset plus ours in .spectral.yaml)
// with 0 errors, and the typed client (openapi-typescript) current and working as a module developer uses it.
// (The client's example script is compiled by `npm test`'s type-check: tsconfig.json includes clients/typescript.)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
let t: TestApp;
let doc: any;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.client().get('/api/v1/openapi.json')).body;
  dir = await mkdtemp(path.join(tmpdir(), 'nyckel-openapi-'));
}, 240_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('issue 13 the document passes the linter', () => {
  it('Spectral (spectral:oas recommended + .spectral.yaml: operationId, documented 4xx, problem+json, examples) finds 0 errors', async () => {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    // A broken copy in the same run proves the linter bites: a missing operationId and an example off its schema.
    const broken = structuredClone(doc);
    delete broken.paths['/api/v1/orgs'].get.operationId;
    broken.paths['/api/v1/orgs'].get.responses['200'].content['application/json'].example = { items: 5 };
    const brokenFile = path.join(dir, 'broken.json');
    await writeFile(brokenFile, JSON.stringify(broken));
    const bin = path.join(root, 'node_modules/.bin/spectral');
    // Spectral exits 1 when it finds anything at or above --fail-severity; the JSON report is read either way.
    const out = await run(bin, ['lint', file, brokenFile, '-r', path.join(root, '.spectral.yaml'), '-f', 'json', '--fail-severity', 'error', '-q'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const all: { code: string; severity: number; path: string[]; message: string; source: string }[] = JSON.parse(out.stdout || '[]');
    expect(
      all
        .filter((f) => f.source === brokenFile && f.severity === 0)
        .map((f) => f.code)
        .sort(),
    ).toEqual(['oas3-valid-media-example', 'operation-operationId']);
    const findings = all.filter((f) => f.source === file);
    const errors = findings.filter((f) => f.severity === 0).map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`);
    const counts: Record<string, number> = {};
    for (const f of findings)
      counts[`${['error', 'warn', 'info', 'hint'][f.severity]} ${f.code}`] = (counts[`${['error', 'warn', 'info', 'hint'][f.severity]} ${f.code}`] ?? 0) + 1;
    console.info(`[spectral] ${Object.keys(doc.paths).length} paths; findings: ${JSON.stringify(counts)}`);
    expect(errors).toEqual([]);
  }, 180_000);
});

describe('issue 13 the generated TypeScript client', () => {
  it('clients/typescript/nyckel-api.d.ts is what openapi-typescript makes of the served document (npm run api:client)', async () => {
    const committed = await readFile(path.join(root, 'clients/typescript/nyckel-api.d.ts'), 'utf8');
    expect(await generateClientTypes(doc), 'run `npm run api:client` and commit the result').toBe(committed);
  }, 60_000);

  it('the example script gets a token, pages through users with the cursor and handles problems by code', async () => {
    const operator = await t.operator();
    const org = await makeOrg(operator);
    const token = await createToken(t.url, OPERATOR.email, OPERATOR.password, 'example script');
    expect(token).toMatch(/^nyk_/);
    const api = connect(t.url, token);
    for (let i = 0; i < 5; i++) {
      const r = await addEmployee(api, org.id, { email: `client-${i}@test.nyckel`, firstName: `First${i}`, lastName: `Last${i}` });
      expect(r.added?.status).toBe('invited');
    }
    expect(await addEmployee(api, org.id, { email: 'client-0@test.nyckel', firstName: 'Again', lastName: 'Again' })).toEqual({ alreadyMember: true });
    expect(await addEmployee(api, org.id, { email: 'not-an-email', firstName: '', lastName: 'X' })).toEqual({
      invalid: ['email: invalid_email', 'firstName: required'],
    });
    const seen: string[] = [];
    for await (const user of listAllUsers(api, org.id, { limit: 2, sort: 'email' })) seen.push(user.email ?? '');
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `client-${i}@test.nyckel`));
  });
});
