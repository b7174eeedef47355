// `npm run api:client`: writes the typed TypeScript client of the HTTP API (openapi-typescript) from the OpenAPI
// document the server serves at /api/v1/openapi.json, to clients/typescript/nyckel-api.d.ts. A test
// (test/openapi-lint.api.test.ts) fails when the committed file differs from the document.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPGlite } from '../src/kernel/db.js';
import { generateClientTypes } from '../src/kernel/openapi-client.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../clients/typescript/nyckel-api.d.ts');
const database = await openPGlite(undefined);
const nyckel = await buildApp({ config: { ...loadConfig({}), serveConsole: false }, database });
try {
  await writeFile(out, await generateClientTypes(nyckel.app.swagger() as object));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await nyckel.close();
}
