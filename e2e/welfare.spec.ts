import { expect, test } from '@playwright/test'
import { signInAs } from './support/sign-in'

test('the supervisor sees the live overdue vet check, and that Rex\'s Day -14 check was overdue when Day 0 came', async ({ page }) => {
  await signInAs(page, 'ruiz@k9.test')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  const alerts = page.getByRole('region', { name: 'Welfare alerts: open and overdue' })
  const thor = alerts.getByRole('listitem').filter({ hasText: 'Thor' }).first()
  await expect(thor).toContainText('Overdue')
  await expect(thor).toContainText(/struck/i)

  await page.goto('/dogs')
  await page.getByRole('link', { name: 'Rex', exact: true }).first().click()
  const welfare = page.getByRole('region', { name: 'Welfare' })
  const day14 = welfare.getByRole('listitem').filter({ hasText: 'factory call-out' })
  await expect(day14).toContainText('Resolved')
  // Due 72 h after the blow on Day -14, resolved by the Day 0 admission: ten days late.
  await expect(day14).toContainText(/(9|10|11) days after it was due/)
})

test('the handler\'s dog list shows Thor\'s fitness as unconfirmed until he is examined', async ({ page }) => {
  await signInAs(page, 'daniels@k9.test')
  await page.goto('/dogs')
  await page.getByRole('link', { name: 'Thor', exact: true }).first().click()
  await expect(page.getByText('Fitness unconfirmed')).toBeVisible()
})
