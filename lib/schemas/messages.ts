import { z } from 'zod'

/**
 * The messages zod gives when a schema names none of its own, in an officer's
 * words (CONVENTIONS.md, Errors). zod's defaults ("Invalid input: expected
 * string, received undefined", "… received NaN") reached the form whenever a
 * field was missing, repeated or not a number — found by the hostile-input
 * suite (docs/decisions/017-hostile-input.md). A schema's own message always
 * wins over these; this map only replaces zod's built-in English.
 *
 * Loaded for its effect by lib/server/action.ts and lib/server/auth.ts, which
 * every server action and route handler imports.
 */
const REQUIRED = 'This field is required.'

function describeInvalidType(expected: string, input: unknown): string {
  if (input === undefined || input === null || input === '') return REQUIRED
  if (Array.isArray(input)) return 'This field was sent more than once. Reload the page and try again.'
  if (typeof input === 'object') return 'This field has a value that cannot be used here. Enter it again.'
  if (expected === 'number' || expected === 'int' || expected === 'bigint') return 'Enter a number.'
  if (expected === 'date') return 'Enter a valid date.'
  return 'This field has a value that cannot be used here. Enter it again.'
}

export const friendlyError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(issue.expected, issue.input)
    case 'invalid_value':
      return issue.input === undefined || issue.input === '' ? REQUIRED : 'Choose one of the options offered.'
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? REQUIRED : `Use at least ${issue.minimum} characters.`
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'Choose at least one.' : `Choose at least ${issue.minimum}.`
      if (issue.origin === 'date') return 'That date is too early.'
      return `Enter a number of at least ${issue.minimum}.`
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${issue.maximum} characters.`
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${issue.maximum}.`
      if (issue.origin === 'date') return 'That date is too late.'
      if (issue.origin === 'file') return 'That file is too large.'
      return `Enter a number no larger than ${issue.maximum}.`
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return 'This does not name a record we know. Reload the page and try again.'
      if (issue.format === 'email') return 'Enter an e-mail address like name@agency.gov.'
      if (issue.format === 'datetime' || issue.format === 'date' || issue.format === 'time') return 'Enter a valid date and time.'
      return 'This is not in the expected format.'
    case 'not_multiple_of':
      return 'Enter a whole number.'
    case 'unrecognized_keys':
      return 'The form sent fields it should not have. Reload the page and try again.'
    default:
      return 'This value cannot be used here. Check it and try again.'
  }
}

z.config({ customError: friendlyError })
