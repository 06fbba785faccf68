/** One jest run: unit specs beside the code, contract/workflow/e2e specs under test/. */
const paths = {
  '^@chengguo/([a-z-]+)/domain$': '<rootDir>/libs/$1/src/domain',
  '^@chengguo/([a-z-]+)$': '<rootDir>/libs/$1/src',
};

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleNameMapper: paths,
  testMatch: ['<rootDir>/(apps|libs|workflows|test)/**/*.(spec|e2e-spec).ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // 2 cores: two workers keep the real servers (PostgreSQL, Temporal) responsive.
  maxWorkers: 2,
  testTimeout: 60_000,
  verbose: true,
};
