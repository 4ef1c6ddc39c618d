import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getActor } from '@/lib/server/auth'
import { safeNextPath, signOutMessage } from '@/lib/schemas/auth'
import { SignInForm } from '../_components/sign-in-form'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const reason = typeof params.reason === 'string' ? params.reason : undefined
  const next = safeNextPath.parse(typeof params.next === 'string' ? params.next : undefined)
  if (await getActor()) redirect(next)
  const message = signOutMessage(reason)
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">K-9 unit case records: deployments, medical, evidence and investigations.</p>
      {message ? (
        <p role="status" className="mt-4 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-800">
          {message}
        </p>
      ) : null}
      <div className="mt-6">
        <SignInForm next={next} />
      </div>
    </>
  )
}
