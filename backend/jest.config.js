/** Unit specs sit beside the code (src/, gis-data/src/); integration specs under test/ talk to the real PostGIS and Redis. */
// ESM-only packages that a CommonJS dependency requires (geotiff → quick-lru): compiled like our own files
const ESM_ONLY = ['quick-lru'];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
const transform = {
  [`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

// the contracts' TypeScript itself, so tests never run against a stale contracts/dist
const moduleNameMapper = { '^@cosite/contracts$': '<rootDir>/../contracts/src/index.ts' };

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      roots: ['<rootDir>/src', '<rootDir>/../gis-data/src', '<rootDir>/../contracts/src'],
      testMatch: ['**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      moduleNameMapper,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
