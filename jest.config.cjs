// Three projects: fast unit tests (fakes, aws-sdk-client-mock), integration tests that talk to DynamoDB
// Local, the fauxqs SQS emulator and the WeCom simulator over real sockets, and browser tests of the console.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // middy and a few other deps ship ESM only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|fauxqs|@wecom)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  // A generous ceiling, not a speed check (speed lives in bench/): property tests on a loaded 2-core machine.
  testTimeout: 20_000,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
module.exports = {
  // testTimeout is a global option: inside `projects` jest ignores it (tests then got its 5 s default).
  testTimeout: common.testTimeout,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{functions,shared,simulator,scripts,test}/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '\\.browser\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{functions,shared,simulator,scripts,test}/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      // The console in headless Chromium (playwright-core) against DynamoDB Local and the real handlers.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
