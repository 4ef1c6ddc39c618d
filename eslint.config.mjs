import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const prismaImportBan = {
  patterns: [
    {
      // Generated enums are plain constants, safe anywhere; the client is not.
      group: ['@prisma/client', '@prisma/client/*', '**/generated/prisma/client', '**/generated/prisma/internal/*', '**/generated/prisma/models', '**/generated/prisma/models/*', '@/lib/server/db'],
      message: 'Only lib/server reads the database: call a query or command from lib/server instead (CONVENTIONS.md, Data access).',
    },
  ],
}

// One way to link (docs/decisions/021-frontend-performance.md): the wrapper turns prefetching off.
const nextLinkBan = {
  name: 'next/link',
  message: "Import { Link } from '@/components/ui/link' (no prefetching: every page is dynamic; decision 021).",
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', '.data/**', 'lib/generated/**', 'bench/tmp/**', 'bench/control/.next/**', 'bench/control/next-env.d.ts', 'test-results/**', 'test-results-instances/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^\\$(queryRawUnsafe|executeRawUnsafe)$/]',
          message: 'Raw SQL only through tagged templates ($queryRaw`…`); the *Unsafe variants are banned.',
        },
        {
          selector: "MemberExpression[object.name='Prisma'][property.name='raw']",
          message: 'Prisma.raw builds SQL from strings; use Prisma.sql tagged templates.',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**', 'components/**'],
    rules: { 'no-restricted-imports': ['error', { ...prismaImportBan, paths: [nextLinkBan] }] },
  },
  {
    files: ['components/ui/link.tsx'],
    rules: { 'no-restricted-imports': ['error', prismaImportBan] },
  },
]

export default config
