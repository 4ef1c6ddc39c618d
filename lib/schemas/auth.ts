import { z } from 'zod'

/** Password length bounds (ASVS V6.2.1 / V6.2.9). The common-list check runs on the server (lib/server/passwords.ts). */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your e-mail address.')
  .max(254, 'That e-mail address is too long.')
  .pipe(z.email({ message: 'Enter an e-mail address like name@agency.gov.' }))

/** A password being *used* (sign-in): no rules, only a bound, so a long passphrase is never cut. */
const currentPassword = z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.')

/** A password being *chosen*: the length rules; the common list and context words are checked on the server. */
export const newPassword = z
  .string()
  .min(1, 'Choose a new password.')
  .refine((v) => [...v.normalize('NFKC')].length >= PASSWORD_MIN_LENGTH, {
    message: `Use at least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember.`,
  })
  .refine((v) => [...v.normalize('NFKC')].length <= PASSWORD_MAX_LENGTH, {
    message: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  })

/** Only same-site paths: "/dogs/1" yes; "//evil.example", "https://…", "/\\evil" no. */
export const safeNextPath = z
  .string()
  .optional()
  .transform((v) => (v && /^\/(?![/\\])[\w\-./?=&%~]*$/.test(v) ? v : '/'))

export const SignInSchema = z.object({
  email,
  password: currentPassword,
  acknowledge: z.literal('on', { message: 'Acknowledge the system-use notice to continue.' }),
  next: safeNextPath,
})
export type SignInInput = z.infer<typeof SignInSchema>

/** A TOTP code (6 digits, spaces allowed) or a recovery code (xxxx-xxxx-xxxx-xxxx). */
export const MfaCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code.')
    .max(40, 'That code is too long.'),
})
export type MfaCodeInput = z.infer<typeof MfaCodeSchema>

export const ConfirmMfaSchema = z.object({
  code: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code your authenticator app shows.')),
})
export type ConfirmMfaInput = z.infer<typeof ConfirmMfaSchema>

export const ChangePasswordSchema = z
  .object({
    currentPassword,
    newPassword,
    confirmPassword: z.string().min(1, 'Type the new password again.'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Choose a password different from the current one.' })
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>

/** Why a session ended: shown on the sign-in page as "Signed out because …". */
export const SIGN_OUT_REASONS = {
  'signed-out': 'You signed out.',
  required: 'Sign in to continue.',
  idle: `You were signed out because the session was idle for too long.`,
  expired: 'You were signed out because the session reached its maximum length. Sign in again.',
  revoked: 'You were signed out because an administrator ended your session.',
  deactivated: 'You were signed out because your account was deactivated. Contact an administrator.',
  'role-changed': 'You were signed out because your role changed. Sign in again to continue with the new role.',
  'password-changed': 'You were signed out because the password of this account was changed.',
  'password-reset': 'You were signed out because an administrator reset your password.',
  'mfa-reset': 'You were signed out because an administrator reset your two-factor authentication.',
  locked: 'You were signed out because the account was locked after too many failed attempts.',
} as const
export type SignOutReason = keyof typeof SIGN_OUT_REASONS

export function signOutMessage(reason: string | undefined): string | null {
  if (!reason) return null
  return (SIGN_OUT_REASONS as Record<string, string>)[reason] ?? null
}
