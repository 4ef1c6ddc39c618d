import { expect, type Page } from '@playwright/test'

/** The password every seeded demo account shares (README, local use only). */
export const DEMO_PASSWORD = 'Rex-the-K9-2026!'

/** Signs in through the real form as a seeded account (MFA is optional in the demo). */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByLabel('I have read the notice and agree to these conditions').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  // Password hashing is deliberately slow, and slower still on a loaded CI machine.
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 })
}
