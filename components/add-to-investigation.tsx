import { Link } from '@/components/ui/link'
import { ButtonLink } from './ui/button'

type Target = 'INCIDENT' | 'DEPLOYMENT' | 'DOG' | 'HANDLER' | 'MEDICAL_RECORD' | 'ATTACHMENT' | 'EVIDENCE_ITEM' | 'LAB_RESULT'

const href = (type: Target, id: string) => `/investigations/link?type=${type}&id=${id}`

/** "Add to investigation" on a record's page (shown only to roles that manage investigations; the link page checks again). */
export function AddToInvestigationButton({ type, id }: { type: Target; id: string }) {
  return <ButtonLink href={href(type, id)}>Add to investigation</ButtonLink>
}

/** The same, as a small link inside a list item (a deployment, an attachment). */
export function AddToInvestigationLink({ type, id, label }: { type: Target; id: string; label: string }) {
  return (
    <Link href={href(type, id)} className="inline-flex min-h-11 items-center text-sm font-medium link" aria-label={label}>
      Add to investigation
    </Link>
  )
}
