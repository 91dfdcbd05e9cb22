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
      files: ['*.js', '*.cjs', '*.mjs'],
      rules: { '@typescript-eslint/no-var-requires': 'off', '@typescript-eslint/no-require-imports': 'off' }
    }
  ],
  ignorePatterns: ['dist/', 'node_modules/', 'data/', 'mock/public/', 'coverage/']
}
