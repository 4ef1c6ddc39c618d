import { Link } from '@/components/ui/link'

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-bold">Not found</h1>
      <p className="mt-2 text-slate-600">This record does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white">Back to K9 Casebook</Link>
    </main>
  )
}
