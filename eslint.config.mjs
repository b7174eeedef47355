// The house linter (issue 15): capabilities use each other's service.ts, never another folder's queries.ts (STYLE.md),
// so SQL stays reviewed beside its capability's rules. Formatting is Biome's (biome.json).
import tseslint from 'typescript-eslint';

const ANOTHER_CAPABILITYS_QUERIES = {
  group: ['../*/queries', '../*/queries.js', '../../*/queries', '../../*/queries.js', '**/src/*/queries', '**/src/*/queries.js'],
  message: "Use the other capability's service.ts: queries.ts is its own (STYLE.md).",
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'console/dist/**', '.test-results/**', 'bench/results/**', 'reports/**', '.stryker-tmp/**'] },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'console/src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': ['error', { patterns: [ANOTHER_CAPABILITYS_QUERIES] }],
      'no-debugger': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests set up state directly where no API exists yet; the rule is for the product's code.
    files: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
