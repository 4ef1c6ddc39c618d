import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The conventions that lint enforces (CONVENTIONS.md, Data access) must really fire. */
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => m.ruleId)
}

describe('lint rules that hold the conventions', { timeout: 60_000 }, () => {
  it('keeps the Prisma client and lib/server/db out of pages and components', async () => {
    expect(await ruleIds("import { db } from '@/lib/server/db'\nexport const x = db\n", 'app/(app)/probe/page.tsx')).toContain('no-restricted-imports')
    expect(await ruleIds("import { PrismaClient } from '@/lib/generated/prisma/client'\nexport const x = PrismaClient\n", 'components/probe.tsx')).toContain('no-restricted-imports')
  })

  it('lets pages use the generated enums, which hold no database access', async () => {
    expect(await ruleIds("import { DogStatus } from '@/lib/generated/prisma/enums'\nexport const x = DogStatus\n", 'app/(app)/probe/page.tsx')).not.toContain('no-restricted-imports')
  })

  it('sends links through the no-prefetch wrapper', async () => {
    expect(await ruleIds("import Link from 'next/link'\nexport const x = Link\n", 'app/(app)/probe/page.tsx')).toContain('no-restricted-imports')
    expect(await ruleIds("import Link from 'next/link'\nexport const x = Link\n", 'components/probe.tsx')).toContain('no-restricted-imports')
    expect(await ruleIds("import { Link } from '@/components/ui/link'\nexport const x = Link\n", 'app/(app)/probe/page.tsx')).not.toContain('no-restricted-imports')
  })

  it('bans the unsafe raw-SQL calls everywhere', async () => {
    const code = "declare const db: { $queryRawUnsafe(s: string): unknown }\nexport const x = db.$queryRawUnsafe('SELECT 1')\n"
    expect(await ruleIds(code, 'lib/server/probe.ts')).toContain('no-restricted-syntax')
  })
})
