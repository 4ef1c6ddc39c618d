import type { Metadata } from 'next'
import { Link } from '@/components/ui/link'
import { redirect } from 'next/navigation'
import { currentSession } from '@/lib/server/auth'
import { signOutAction } from '../actions'

export const metadata: Metadata = { title: 'Sign out' }

/**
 * Signing out changes state, so it is a POST (a form with a server action);
 * this page exists for links to /sign-out, which must never end a session on a
 * GET (a prefetch would).
 */
export default async function SignOutPage() {
  const session = await currentSession()
  if (!session?.ok) redirect('/sign-in?reason=signed-out')
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Sign out</h1>
      <p className="mt-1 text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{session.user.email}</span>. On a shared computer, always sign out when you
        leave.
      </p>
      <form action={signOutAction} className="mt-6">
        <button type="submit" className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">
          Sign out
        </button>
      </form>
      <p className="mt-4 text-center">
        <Link href="/" className="text-sm font-medium link">
          Stay signed in
        </Link>
      </p>
    </>
  )
}
