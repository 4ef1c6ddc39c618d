import { expect, test } from '@playwright/test'
import { signInAs } from './support/sign-in'

test('the supervisor sees the live overdue vet check, and that Rex\'s Day -14 check was overdue when Day 0 came', async ({ page }) => {
  await signInAs(page, 'ruiz@k9.test')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()

  const alerts = page.getByRole('region', { name: 'Welfare alerts: open and overdue' })
  const thor = alerts.getByRole('listitem').filter({ hasText: 'Thor' }).first()
  await expect(thor).toContainText('Overdue')
  await expect(thor).toContainText(/struck/i)

  // The unit's dogs needing attention, and the certifications running out, each a link to the dog.
  const fitness = page.getByRole('region', { name: 'Unit fitness' })
  await expect(fitness.getByRole('listitem').filter({ hasText: 'Thor' })).toContainText('Fitness unconfirmed')
  await expect(fitness.getByRole('listitem').filter({ hasText: 'Rex' })).toContainText('Not fit for duty')
  const certifications = page.getByRole('region', { name: 'Certifications expiring within 30 days' })
  await expect(certifications.getByRole('listitem').filter({ hasText: 'Bella' })).toContainText(/Expires \d{2} \w{3} \d{4}/)
  await expect(certifications.getByRole('link', { name: 'Bella' })).toHaveAttribute('href', /^\/dogs\/[0-9a-f-]{36}$/)

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
