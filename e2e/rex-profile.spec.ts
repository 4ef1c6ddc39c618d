import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { signInAs } from './support/sign-in'

test.describe("Rex's profile", () => {
  test('his handler opens it from the dogs list and sees status, pairing, certifications, deployments and the medical summary', async ({ page }) => {
    await signInAs(page, 'carter@k9.test')
    await page.goto('/dogs')
    await page.getByRole('search', { name: 'Filter dogs' }).getByLabel('Name or K-9 number').fill('Rex')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByRole('link', { name: 'Rex', exact: true }).first().click()

    await expect(page.getByRole('heading', { level: 1 })).toContainText('Rex')
    // Within the page: after a client-side navigation Next's route announcer may read out the heading ("Rex K9-101") too.
    await expect(page.getByRole('main').getByText('K9-101')).toBeVisible()
    await expect(page.getByRole('main').getByText('Not fit for duty')).toBeVisible()

    const handler = page.getByRole('region', { name: 'Handler' })
    await expect(handler).toContainText('Officer Luke Carter')

    const certifications = page.getByRole('region', { name: 'Certifications' })
    await expect(certifications).toContainText('Patrol Dog I')

    const deployments = page.getByRole('region', { name: 'Deployments and exposures' })
    await expect(deployments.getByRole('img')).toHaveAttribute('aria-label', /deployments between/)
    // The strip's time axis is labelled by quarter ("Jan 26").
    await expect(deployments.getByRole('img').locator('text').first()).toHaveText(/^[A-Z][a-z]{2} \d{2}$/)
    await expect(deployments.getByRole('listitem').filter({ hasText: 'Abandoned Ashford textile factory' })).toContainText('Struck')
    await expect(deployments.getByRole('listitem').filter({ hasText: 'Riverside rail yard' })).toContainText('Shot at')

    const medical = page.getByRole('region', { name: 'Medical summary' })
    // The seeded Day 0–2 records (e2e/vet.spec.ts may add newer ones for Rex when it runs first): the oldest decision is the seeded one.
    await expect(medical.getByRole('listitem').filter({ hasText: 'Euthanasia decision' }).last()).toContainText('Halted')
    await expect.poll(() => medical.getByRole('listitem').count()).toBeGreaterThanOrEqual(7)
    // The vital-sign charts: one panel per sign with its latest value, the cardiac arrest in surgery marked in red.
    await expect(medical.getByRole('heading', { name: 'Vital signs over time' })).toBeVisible()
    await expect(medical.locator('figure').filter({ hasText: 'Heart rate' })).toContainText(/latest \d+ bpm/)
    const spo2 = medical.locator('figure').filter({ hasText: 'SpO₂' })
    await expect(spo2.locator('circle[fill="#dc2626"]').filter({ hasText: ': 62 %' })).toHaveCount(1)

    const welfare = page.getByRole('region', { name: 'Welfare' })
    await expect(welfare).toContainText('Rex was struck during the factory call-out')
    await expect(welfare).toContainText(/days after it was due/)

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  })

  test('an evidence technician sees his profile but not his medical records', async ({ page }) => {
    await signInAs(page, 'evans@k9.test')
    await page.goto('/dogs')
    await page.getByRole('link', { name: 'Rex', exact: true }).first().click()
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Rex')
    await expect(page.getByRole('region', { name: 'Medical summary' })).toHaveCount(0)
  })

  test('an id that is not a dog answers 404', async ({ page }) => {
    await signInAs(page, 'carter@k9.test')
    const response = await page.goto('/dogs/0190a9e0-0000-7000-8000-000000000000')
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible()
    const garbage = await page.goto('/dogs/not-a-uuid')
    expect(garbage?.status()).toBe(404)
  })

  test('the dogs list works at phone width', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await signInAs(page, 'carter@k9.test')
    await page.goto('/dogs')
    await expect(page.getByRole('list', { name: 'Dogs' }).getByRole('link').first()).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  })
})

test('the handler opens the X-ray from Rex\'s medical summary and zooms into the fragment', async ({ page }) => {
  await signInAs(page, 'carter@k9.test')
  await page.goto('/dogs')
  await page.getByRole('link', { name: 'Rex', exact: true }).first().click()
  await page.getByRole('region', { name: 'Medical summary' }).getByRole('link', { name: 'Imaging' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Imaging' })).toBeVisible()
  await expect(page.getByText(/SHA-256 [0-9a-f]{64}/).first()).toBeVisible()
  await page.getByRole('link', { name: 'Open in viewer rex-ribcage-closeup.png' }).click()
  const xray = page.getByRole('img', { name: /focused on the rib cage/ })
  await expect(xray).toBeVisible()
  await expect.poll(() => xray.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640)
  const viewer = page.getByRole('application').filter({ has: xray })
  await viewer.focus()
  await page.keyboard.press('+')
  await expect(viewer).toHaveAttribute('aria-label', /Zoom 125%/)
})
