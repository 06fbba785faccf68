// Lint run by `npm test`: typescript-eslint's recommended rules, prettier for layout, and the
// import boundaries of the layout (docs/architecture.md) so a structure mistake fails CI.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Another library's files: only its index.ts (`@chengguo/<lib>`) or its domain entry point. */
const DEEP_IMPORT = {
  group: ['@chengguo/*/src', '@chengguo/*/src/**', '**/libs/*/src/**', '../../*/src/**', '../../../*/src/**', '../../../../*/src/**'],
  message: "Import another library through '@chengguo/<lib>' or its public domain entry '@chengguo/<lib>/domain', never a file inside it.",
};

/** Frameworks and I/O that pure code (deciders, workflows) must not reach. */
const FRAMEWORKS = {
  group: [
    '@nestjs/*',
    'pg',
    'pg-*',
    'typeorm',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
    '@eventstore/*',
    'class-validator',
    'class-transformer',
    'nodemailer',
    'jose',
  ],
  message: 'Pure code: no framework, database, Temporal client or network imports (STYLE.md conventions 1 and 12).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'bench/dist/**', 'node_modules/**', 'apps/web/dist/**', 'apps/web/src/api/schema.d.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest and TypeORM need `Function` in a few signatures (entities, migrations).
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Tests read loosely typed HTTP and problem+json bodies; asserting their shape is the test.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP_IMPORT,
            { group: ['**/apps/**', '../../api/**'], message: 'Libraries and apps never import from an app.' },
            {
              regex: '(^|/)workflows/(?!.*\\.contract$)',
              message: 'Libraries import a workflow’s contract (`*.contract`), never its code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The portal runs in the browser and meets the API only over HTTP, through the generated client.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@chengguo/*', '**/libs/**', '**/workflows/**', '../../api/**'],
              message: 'The portal reaches the API over HTTP only.',
            },
            { group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/*'], message: 'Server packages do not belong in the browser.' },
          ],
        },
      ],
    },
  },
  // Later blocks replace the rule for their files, so each lists every pattern that applies there.
  {
    files: ['libs/*/src/domain/**/*.ts', 'libs/kernel/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({
            name,
            message: 'Pure domain code: no Node built-ins (time, ids and facts arrive in the command).',
          })),
          patterns: [
            DEEP_IMPORT,
            FRAMEWORKS,
            {
              regex: '^@chengguo/((?!kernel$)[^/]+|[^/]+/(?!domain$).*)$',
              message: 'Domain code imports only the kernel and other processes’ public domain entry points.',
            },
            { regex: '(^|/)workflows/', message: 'Domain code never imports workflow code.' },
            { regex: '(^|/)apps/', message: 'Libraries and apps never import from an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'Workflow code is deterministic and sandboxed: no Node built-ins.' })),
          patterns: [
            DEEP_IMPORT,
            FRAMEWORKS,
            {
              regex: '^@chengguo/(?!kernel$)|(^|/)libs/',
              message:
                'Workflow code imports only the kernel and workflow contracts, never a library (a decider change must not change a running workflow).',
            },
          ],
        },
      ],
    },
  },
);
