// A local stand-in for the Finnish (PRH/YTJ v3) and Norwegian (Brønnøysund) business registries, for trying the
// partner-organisation flow on a machine without internet. It knows a few companies (test/fixtures/registry-server.ts):
// FI 0112038-9 Nokia Oyj, FI 2331972-7 Verso Food Oy, NO 923609016 Equinor ASA, NO 974760673 Brønnøysundregistrene.
import { startRegistryFixture } from '../test/fixtures/registry-server.js';

const registry = await startRegistryFixture();
console.log('Business registry stand-in running. Start Nyckel with:');
console.log(`  NYCKEL_REGISTRY_FI_URL=${registry.fiUrl} NYCKEL_REGISTRY_NO_URL=${registry.noUrl} npm start`);
process.on('SIGINT', () => {
  void registry.close().then(() => process.exit(0));
});
