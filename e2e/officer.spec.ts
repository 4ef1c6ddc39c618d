import { expect, test, type Page } from '@playwright/test'
import { signInAs } from './support/sign-in'

/** A field by its label; required fields' names end in " *". */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\*)?$`))
}

async function selectByText(page: Page, label: string, text: string) {
  const select = field(page, label)
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value')
  await select.selectOption(value!)
}

test('an officer logs the factory call-out with Rex struck, then finds it filtering by Rex', async ({ page }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'carter@k9.test')
  await page.goto('/incidents/new')
  await selectByText(page, 'Type of incident', 'Kidnapping')
  await field(page, 'Date and time (UTC)').fill('2026-11-11T23:05')
  await field(page, 'Location').fill('Ashford factory annex, 302 Mill Road (e2e)')
  await page.getByLabel('Weather').fill('Night, heavy rain')
  await field(page, 'Narrative').fill('Child held in the factory annex. A masked man swung a metal pipe at Carter; Rex intercepted the blow, tracked and found the child, and took the suspect down.')
  // The signed-in officer is already among the officers, written as the field reads it back.
  await expect(page.getByLabel('Officer 1')).toHaveValue(/^Carter, Luke \(B-\d+\)$/)
  // The dog is typed (a state unit has thousands): suggestions as one types, taken with the keyboard.
  await field(page, 'Dog').fill('re')
  const suggestions = page.getByRole('listbox', { name: 'Suggestions' })
  await expect(suggestions.getByRole('option', { name: /^Rex \(K9-/ })).toBeVisible()
  await field(page, 'Dog').press('ArrowDown')
  await field(page, 'Dog').press('Enter')
  await expect(field(page, 'Dog')).toHaveValue(/^Rex \(K9-\d+\)$/)
  await expect(page.getByText(/Leave empty for K-9 Rex’s handler: Carter, Luke/)).toBeVisible()
  await selectByText(page, 'Task', 'Track')
  await selectByText(page, 'Outcome', 'Found')
  await page.getByRole('group', { name: 'What the dog was exposed to' }).getByLabel('Struck').check()
  await page.getByLabel('Exposure notes').fill('Struck once on the left flank with a metal pipe.')
  await page.getByRole('button', { name: 'Log incident' }).click()

  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kidnapping')
  const number = (await page.getByRole('heading', { level: 1 }).innerText()).match(/\d{4}-\d{6}/)?.[0]
  expect(number).toBeTruthy()
  await expect(page.getByRole('region', { name: 'Dog deployments' })).toContainText('Struck')

  await page.goto('/incidents')
  const filters = page.getByRole('search', { name: 'Filter incidents' })
  // The dog filter suggests dogs as one types (a state unit has many of one name); one is taken with the keyboard.
  await filters.getByLabel('Dog').fill('re')
  await expect(filters.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /^Rex \(K9-/ })).toBeVisible()
  await filters.getByLabel('Dog').press('ArrowDown')
  await filters.getByLabel('Dog').press('Enter')
  await expect(filters.getByLabel('Dog')).toHaveValue(/^Rex \(K9-\d+\)$/)
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByRole('list', { name: 'Incidents' })).toContainText(number!)
  // Typed without a suggestion, the filter names the dog it found, by name and K-9 number; a name nobody has lists nothing, and says so.
  await filters.getByLabel('Dog').fill('rex')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByRole('list', { name: 'Incidents' })).toContainText(number!)
  await expect(filters.getByLabel('Dog')).toHaveValue(/^Rex \(K9-/)
  await filters.getByLabel('Dog').fill('Rexxx')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('No dog is named or numbered “Rexxx”.')).toBeVisible()
})

test('the incident words filter reads words as search does, marks them in each row, and says when nothing contains them', async ({ page }) => {
  await signInAs(page, 'carter@k9.test')
  await page.goto('/incidents')
  const filters = page.getByRole('search', { name: 'Filter incidents' })
  const words = filters.getByRole('searchbox', { name: 'Number, place or words' })
  await expect(words).toHaveAccessibleDescription(/Every word, anywhere in the place or narrative/)
  // Two words in any order, one in the place and one in the narrative, by their stems.
  await words.fill('collapsed warehouses')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/[?&]q=collapsed\+warehouses/)
  const rows = page.getByRole('list', { name: 'Incidents' }).getByRole('listitem')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Harbor Road warehouses')
  await expect(rows.first().locator('mark')).toHaveText(['warehouses', 'warehouse', 'collapse'])
  await expect(words).toHaveValue('collapsed warehouses')
  // Words no incident holds: the page says which, and keeps them.
  await words.fill('zeppelin')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('No incident contains “zeppelin”.')).toBeVisible()
  await expect(words).toHaveValue('zeppelin')
  await page.getByRole('link', { name: 'Clear' }).click()
  await expect(words).toHaveValue('')
})

test('a form with mistakes names each problem next to its field and keeps what was typed', async ({ page }) => {
  await signInAs(page, 'carter@k9.test')
  await page.goto('/incidents/new')
  await page.getByLabel('Weather').fill('Clear and cold')
  await page.getByLabel('Latitude').fill('123')
  const type = page.getByLabel(/^Type of incident( \*)?$/)
  await type.selectOption({ index: 2 })
  const chosen = await type.inputValue()
  await page.getByRole('button', { name: 'Log incident' }).click()
  const location = field(page, 'Location')
  await expect(location).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Latitude')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Weather')).toHaveValue('Clear and cold')
  await expect(page.getByLabel('Latitude')).toHaveValue('123')
  // A select keeps its choice too (React resets the form after an action).
  await expect(type).toHaveValue(chosen)
  await expect(page).toHaveURL(/\/incidents\/new$/)
})

test('two people edit the same incident: the second save is refused and keeps their changes', async ({ browser }) => {
  test.setTimeout(90_000)
  const first = await (await browser.newContext()).newPage()
  const second = await (await browser.newContext()).newPage()
  await signInAs(first, 'ruiz@k9.test')
  await signInAs(second, 'ruiz@k9.test')
  await first.goto('/incidents?q=Riverside')
  await first.getByRole('list', { name: 'Incidents' }).getByRole('link').first().click()
  // The seeded call-out is closed: no edit until a supervisor re-opens it with a reason.
  await expect(first.getByText('This incident is closed')).toBeVisible()
  await expect(first.getByRole('link', { name: 'Edit incident and deployments' })).toHaveCount(0)
  await first.getByRole('button', { name: 'Re-open incident' }).click()
  await expect(first.getByText('Give the reason.', { exact: true })).toBeVisible()
  await field(first, 'Why re-open it').fill('Weather at the scene to be corrected.')
  await first.getByRole('button', { name: 'Re-open incident' }).click()
  await expect(first.getByText('This incident is closed')).toHaveCount(0)
  await first.getByRole('link', { name: 'Edit incident and deployments' }).click()
  await first.waitForURL(/\/edit$/)
  const editUrl = first.url()
  await second.goto(editUrl)

  await first.getByLabel('Weather').fill('Clear, cold, light wind')
  await first.getByRole('button', { name: 'Save incident' }).click()
  await expect(first).not.toHaveURL(/\/edit$/)

  await second.getByLabel('Weather').fill('Freezing fog')
  await second.getByRole('button', { name: 'Save incident' }).click()
  await expect(second.getByRole('alert').filter({ hasText: 'Someone else saved this incident' })).toBeVisible()
  await expect(second.getByLabel('Weather')).toHaveValue('Freezing fog')

  await first.reload()
  await expect(first.getByText('Clear, cold, light wind')).toBeVisible()

  // Closed again: the list shows it closed and its edit page refuses with the reason to re-open.
  await field(first, 'Why close it').fill('Correction made.')
  await first.getByRole('button', { name: 'Close incident' }).click()
  await expect(first.getByText('This incident is closed')).toBeVisible()
  await expect(first.getByText('Reason: Correction made.')).toBeVisible()
  await second.goto(editUrl)
  await expect(second.getByText(/This incident is closed, so it cannot be changed/)).toBeVisible()
  await expect(second.getByRole('button', { name: 'Save incident' })).toHaveCount(0)
})

test('the incident form fits a phone screen with large touch targets', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signInAs(page, 'carter@k9.test')
  await page.goto('/incidents/new')
  await expect(page.getByRole('button', { name: 'Log incident' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  const box = await page.getByRole('button', { name: 'Log incident' }).boundingBox()
  expect(box!.height).toBeGreaterThanOrEqual(44)
  const tile = await page.getByRole('group', { name: 'What the dog was exposed to' }).getByText('Struck').boundingBox()
  expect(tile!.height).toBeGreaterThanOrEqual(20)
})

// A 1×1 PNG (valid signature, IHDR, IDAT, IEND).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

test('a supervisor uploads a dog photo and sees it on the profile; a file that is not an image is refused with the reason', async ({ page }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'ruiz@k9.test')
  await page.goto('/dogs')
  await page.getByRole('search', { name: 'Filter dogs' }).getByLabel('Name or K-9 number').fill('Kira')
  await page.getByRole('button', { name: 'Apply' }).click()
  await page.getByRole('link', { name: 'Kira', exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kira')
  const profileUrl = page.url()

  const upload = page.getByRole('form', { name: 'Upload a photo' })
  await upload.getByLabel(/^Photo/).setInputFiles({ name: 'not-a-photo.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 this is not an image') })
  await upload.getByRole('button', { name: 'Upload photo' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'That file is not a JPEG, PNG or WebP image.' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'K-9 Kira' })).toHaveCount(0)

  await page.getByRole('form', { name: 'Upload a photo' }).getByLabel(/^Photo/).setInputFiles({ name: 'kira.png', mimeType: 'image/png', buffer: PNG })
  await page.getByRole('form', { name: 'Upload a photo' }).getByRole('button', { name: 'Upload photo' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Photo saved.' })).toBeVisible()
  const photo = page.getByRole('img', { name: 'K-9 Kira' })
  await expect(photo).toBeVisible()
  // The browser really loaded the image from the photo route (not a broken link).
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)
  await page.goto(profileUrl)
  await expect(page.getByRole('img', { name: 'K-9 Kira' })).toBeVisible()
})

test('a supervisor marks a handler inactive: their dog has no current handler and the supervisor is asked to pair it', async ({ page }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'ruiz@k9.test')
  await page.goto('/handlers')
  await page.getByRole('link', { name: /Lindqvist/ }).first().click()
  await page.getByRole('link', { name: 'Edit handler' }).click()
  await expect(page.getByText(/Marking this handler inactive ends their pairing with K-9 Max/)).toBeVisible()
  await page.getByLabel('Active in the unit').uncheck()
  await page.getByRole('button', { name: 'Save handler' }).click()
  await expect(page).not.toHaveURL(/\/edit$/)
  await expect(page.getByText('Inactive', { exact: true })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'no current handler' })).toBeVisible()
  await page.getByRole('link', { name: 'Pair Max with a handler' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Max')
  const handler = page.getByRole('region', { name: 'Handler', exact: true })
  await expect(handler).toContainText('No current handler.')
  await expect(handler).toContainText('Handler marked inactive (left the unit).')
  await expect(handler.getByRole('link', { name: 'Pair Max with a handler' })).toBeVisible()

  // The unit has thousands of handlers at a state's scale: the form takes a badge number or a name.
  const pairing = page.getByRole('form', { name: 'Pair with a handler' })
  await pairing.getByLabel('New handler').fill('B-9999')
  await pairing.getByRole('button', { name: 'Pair' }).click()
  await expect(pairing.getByText('No active handler has the badge number or name “B-9999”.')).toBeVisible()
  await expect(pairing.getByLabel('New handler')).toHaveValue('B-9999')
  await pairing.getByLabel('New handler').fill('b-1204')
  await pairing.getByRole('button', { name: 'Pair' }).click()
  await expect(handler).toContainText('Claire Moreau')
})
