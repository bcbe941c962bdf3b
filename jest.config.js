// Three tiers (STYLE.md): *.unit.test.ts (no servers), *.int.test.ts (an adapter against the real
// Kafka / MongoDB-compatible store / Redis) and test/**/*.e2e.test.ts (flows across running services).
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  globalSetup: '<rootDir>/packages/testkit/src/globalSetup.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{packages,services}/*/src/**/*.unit.test.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{packages,services}/*/src/**/*.int.test.ts'], slowTestThreshold: 30 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.test.ts'], slowTestThreshold: 60 },
  ],
};
