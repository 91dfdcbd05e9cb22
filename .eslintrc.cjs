module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module', ecmaFeatures: { jsx: true } },
  plugins: ['@typescript-eslint', 'react-hooks'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  env: { es2022: true, node: true, browser: true, jest: true },
  rules: {
    'react-hooks/rules-of-hooks': 'error',
    'react-hooks/exhaustive-deps': 'warn',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/no-explicit-any': 'error',
    // capabilities do not import each other (DEVELOPERS.md, ARCHITECTURE.md)
    'no-restricted-imports': 'off'
  },
  overrides: [
    {
      // the pure rules and the contract are shared by the BFF, the mocks and the app: no framework, no storage, no UI
      files: ['domain/**', 'contract/**'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['fastify', 'fastify-*', '@fastify/*'], message: 'domain/ and contract/ import no web framework.' },
              { group: ['better-sqlite3', 'pg', 'pg-*', '**/db', '**/db/**'], message: 'domain/ and contract/ import no database.' },
              { group: ['@tarojs/*', 'react', 'react-dom', 'react/*', 'msw', 'msw/*'], message: 'domain/ and contract/ import no UI or mock framework.' },
              { group: ['**/bff/**', '**/mock/**', '**/src/**'], message: 'domain/ and contract/ are below the BFF, the mocks and the app: they import none of them.' }
            ]
          }
        ]
      }
    },
    {
      // only the BFF imports the BFF; the rules it shares live in domain/ and contract/
      files: ['mock/**', 'catalog/**'],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [{ group: ['**/bff/**', '**/bff'], message: 'Nothing outside bff/ imports bff/: import the shared rule from domain/ or contract/.' }] }
        ]
      }
    },
    {
      // the app reaches the mocks through their one entry (mock/index.ts), and never the BFF
      files: ['src/**'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['**/mock/*', '!**/mock/index'], message: 'Import the mocks through their one entry: mock (mock/index.ts).' },
              { group: ['**/bff/**', '**/bff'], message: 'Nothing outside bff/ imports bff/: import the shared rule from domain/ or contract/.' }
            ]
          }
        ]
      }
    },
    {
      files: ['src/features/*/**'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['**/features/*', '**/features/*/**', '@/features/*', '@/features/*/**'], message: 'A capability must not import another capability; move shared code to src/shared.' },
              { group: ['**/mock/*', '!**/mock/index'], message: 'Import the mocks through their one entry: mock (mock/index.ts).' },
              { group: ['**/bff/**', '**/bff'], message: 'Nothing outside bff/ imports bff/: import the shared rule from domain/ or contract/.' }
            ]
          }
        ]
      }
    },
    {
      // the BFF's database calls are asynchronous: a statement or transaction not awaited is a bug
      files: ['bff/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/await-thenable': 'error',
        '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }]
      }
    },
    {
      files: ['*.js', '*.cjs', '*.mjs'],
      rules: { '@typescript-eslint/no-var-requires': 'off', '@typescript-eslint/no-require-imports': 'off' }
    }
  ],
  ignorePatterns: ['dist/', 'node_modules/', 'data/', 'mock/public/', 'coverage/']
}
