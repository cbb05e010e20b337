/** Three tiers, one runner. swc compiles TypeScript (about 15x faster than ts-jest here). */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  moduleNameMapper: { '\\.css$': '<rootDir>/test/support/empty-module.js' },
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
  maxWorkers: process.env.CI ? 2 : '50%',
  collectCoverageFrom: ['src/domain/**/*.ts'],
  coverageThreshold: { 'src/domain/': { branches: 100, functions: 100, lines: 100, statements: 100 } },
};
