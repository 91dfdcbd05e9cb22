/**
 * The mini-program journeys: the built dist/weapp and dist/alipay run in the headless host (mini-host/host.ts)
 * against the real BFF, started with `npm start` on a free port by the global setup. `npm test` runs them (building
 * the two packages first when they are missing); alone: `npx jest --config mini-host/jest.config.js --runInBand`.
 */
module.exports = {
  rootDir: '..',
  displayName: 'mini',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/mini-host/test/*.journey.ts'],
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  moduleNameMapper: { '^@contract$': '<rootDir>/contract/index.ts', '^@contract/(.*)$': '<rootDir>/contract/$1' },
  globalSetup: '<rootDir>/mini-host/test/global-setup.ts',
  globalTeardown: '<rootDir>/mini-host/test/global-teardown.ts',
  // a journey is ~40 requests, two photo re-encodings and a speech synthesis on a shared 2-core machine
  testTimeout: 240_000
}
