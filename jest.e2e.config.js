/**
 * Browser end-to-end tests (npm run test:e2e): the built bot and Microsoft 365 Agents Playground
 * as child processes, driven in Debian's Chromium through playwright-core. Kept out of `npm test`
 * (jest.config.js matches *.test.ts; these are *.e2e.ts). Screenshots of failures: build/e2e/.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 120000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
