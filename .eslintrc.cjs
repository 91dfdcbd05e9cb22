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
      files: ['src/features/*/**'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['**/features/*', '**/features/*/**', '@/features/*', '@/features/*/**'], message: 'A capability must not import another capability; move shared code to src/shared.' }
            ]
          }
        ]
      }
    },
    {
      // the BFF's database calls are asynchronous (issue 7): a statement or transaction not awaited is a bug
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
