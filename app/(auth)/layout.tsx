/** Sign-in and its steps: a standalone card, outside the app's navigation. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-brand-900 px-4 py-10">
      <div className="mb-6 flex items-center gap-2 text-white">
        <span aria-hidden className="grid size-10 place-items-center rounded-xl bg-white/15 text-base font-black">K9</span>
        <span className="text-2xl font-bold tracking-tight">Casebook</span>
      </div>
      <main id="main" className="w-full max-w-md rounded-2xl bg-white p-6 shadow-xl sm:p-8">
        {children}
      </main>
    </div>
  )
}
