import { expect, test } from '@playwright/test'
import { signInAs } from './support/sign-in'

test('the detective follows "Who shot Rex?" from the links to the finder, the graph and the case file', async ({ page }) => {
  test.setTimeout(120_000)
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations')
  await page.getByRole('link', { name: /Who shot Rex\?/ }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Who shot Rex?')

  const links = page.getByRole('region', { name: 'Linked records' })
  await expect(links).toContainText(/Kidnapping|factory/i)
  await expect(links).toContainText(/EV-\d{4}-000001/)
  await expect(links).toContainText(/rib cage|X-ray|rex-ribcage/i)

  // The timeline reads as the story: the factory call-out before the surgery before the lab result.
  const timeline = page.getByRole('region', { name: 'Timeline' })
  const text = (await timeline.innerText()).replace(/\s+/g, ' ')
  const factory = text.search(/factory/i)
  const surgery = text.search(/Surgery/)
  const lab = text.search(/firearm projectile/i)
  expect(factory).toBeGreaterThanOrEqual(0)
  expect(surgery).toBeGreaterThan(factory)
  expect(lab).toBeGreaterThan(surgery)

  // The finder: Rex over the 12 months before Day 0, the deployment where he was shot at comes first.
  await page.getByRole('link', { name: 'Candidate-incident finder' }).click()
  const ranked = page.getByRole('list', { name: 'Ranked candidates' })
  const top = ranked.getByRole('listitem').first()
  await expect(top).toContainText('Riverside rail yard')
  await expect(top).toContainText(/shot at/i)
  await top.getByRole('button', { name: /Add as lead/ }).click()
  await expect(top).toContainText(/linked|added/i)

  await page.goBack()
  await page.reload()
  await expect(page.getByRole('region', { name: 'Linked records' })).toContainText('Riverside rail yard')

  await page.getByRole('link', { name: 'Graph' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.locator('svg').first()).toBeVisible()
  await page.goBack()

  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download case file (PDF)' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  const stream = await download.createReadStream()
  const first = await new Promise<Buffer>((resolve, reject) => {
    stream.once('data', (chunk) => resolve(Buffer.from(chunk)))
    stream.once('error', reject)
  })
  expect(first.subarray(0, 5).toString()).toBe('%PDF-')
})

test('a veterinarian opening the investigation gets 404', async ({ page }) => {
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations')
  await page.getByRole('link', { name: /Who shot Rex\?/ }).first().click()
  const url = page.url()
  await page.context().clearCookies()
  await signInAs(page, 'hayes@k9.test')
  const response = await page.goto(url)
  expect(response?.status()).toBe(404)
})

test('"Add to investigation" on an incident links it to the case', async ({ page }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/incidents?q=Old+mill')
  await page.getByRole('list', { name: 'Incidents' }).getByRole('link').first().click()
  await page.getByRole('link', { name: 'Add to investigation', exact: true }).click()
  const investigation = page.getByLabel(/^Investigation( \*)?$/)
  const value = await investigation.locator('option', { hasText: 'Who shot Rex?' }).first().getAttribute('value')
  await investigation.selectOption(value!)
  await page.getByLabel('Note').fill('Rex fell here; check for an entry wound in the photos.')
  await page.getByRole('button', { name: 'Add to investigation' }).click()
  await expect(page.getByText(/Linked to the investigation/)).toBeVisible()
})
