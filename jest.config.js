/**
 * Two jest projects:
 *  - node: BFF routes (fastify inject), services, search quality, catalog completeness, contract
 *  - app:  Taro screens with Testing Library in jsdom against msw handlers from mock/
 * E2E (chromium) runs separately: `npm run test:e2e`.
 */
const moduleNameMapper = {
  '^@/(.*)$': '<rootDir>/src/$1',
  '^@contract$': '<rootDir>/contract/index.ts',
  '^@contract/(.*)$': '<rootDir>/contract/$1',
  '^@catalog$': '<rootDir>/catalog/index.ts'
}

module.exports = {
  // image re-encoding, PDF rendering and sign-ins on a loaded 2-core CI machine take seconds, not milliseconds
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/bff/**/*.test.ts',
        '<rootDir>/catalog/**/*.test.ts',
        '<rootDir>/contract/**/*.test.ts',
        '<rootDir>/domain/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
        '<rootDir>/mini-host/test/*.test.ts'
      ],
      transform: { '^.+\\.m?[jt]sx?$': 'babel-jest' },
      // light-my-request (fastify.inject) requires cookie@2, the BFF uses jose@6 (access tokens), msw (the contract suite)
      // until-async and rettime: ESM-only, compiled for jest
      transformIgnorePatterns: ['/node_modules/(?!(cookie|jose|until-async|rettime|@open-draft)/)'],
      moduleNameMapper,
      setupFiles: ['<rootDir>/test/globals-node.ts']
    },
    {
      displayName: 'app',
      testEnvironment: 'jest-fixed-jsdom',
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/mock/**/*.test.{ts,tsx}', '<rootDir>/workbench/**/*.test.{ts,tsx}'],
      transform: { '^.+\\.m?[jt]sx?$': 'babel-jest' },
      // ignore node_modules except the ESM packages of the Taro H5 runtime (and what they bundle in nested node_modules)
      transformIgnorePatterns: [
        '^(?!.*/node_modules/(@tarojs|@stencil|lodash-es|swiper|ssr-window|dom7|query-string|decode-uri-component|split-on-first|filter-obj|until-async|rettime|@open-draft|cookie)/).*/node_modules/'
      ],
      moduleNameMapper: {
        ...moduleNameMapper,
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '<rootDir>/test/taro-h5-shim.ts',
        '\\.(css|scss|sass)$': '<rootDir>/test/style-stub.js'
      },
      setupFiles: ['<rootDir>/test/globals-app.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-app.ts']
    }
  ]
}
