import { signOutAction } from '../actions'

/** Leave a half-finished sign-in (wrong account, lost phone). A form, so it works without JavaScript. */
export function CancelSignIn({ label = 'Cancel and sign out' }: { label?: string }) {
  return (
    <form action={signOutAction} className="mt-6 text-center">
      <button type="submit" className="min-h-11 text-sm font-medium link hover:text-brand-900">
        {label}
      </button>
    </form>
  )
}
