import { expect, test } from '@playwright/test'
import { signInAs } from './support/sign-in'
import { searchWords } from './support/words-filter'

test('the detective follows "Who shot Rex?" from the links to the finder, the graph and the case file', async ({ page }) => {
  test.setTimeout(120_000)
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations')
  // The list's text filter: a word of the title finds the case; two letters are not searched, and the field says so.
  await searchWords(page, 'investigations', 'Number, title or words', 'sh', 'shot')
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

test('the detective mentions a record without a number in a case note with the keyboard, and the note links to it', async ({ page }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations')
  await page.getByRole('link', { name: /Who shot Rex\?/ }).first().click()
  const notes = page.getByRole('region', { name: 'Case notes' })
  await notes.getByLabel(/^New case note( \*)?$/).fill('Compare with')
  await notes.getByRole('button', { name: 'Mention a record' }).click()
  const combo = notes.getByRole('combobox', { name: 'Find a record to mention' })
  await expect(combo).toBeFocused()
  await combo.fill('rail yard')
  const option = notes.getByRole('option').filter({ hasText: 'Deployment' }).filter({ hasText: 'K-9 Rex' }).first()
  await expect(option).toBeVisible()
  await expect(combo).toHaveAttribute('aria-expanded', 'true')
  // Move to that option with the arrow keys, then Enter.
  const options = notes.getByRole('option')
  const count = await options.count()
  for (let i = 0; i < count; i++) {
    if ((await options.nth(i).getAttribute('aria-selected')) === 'true' && (await options.nth(i).innerText()).includes('Deployment')) break
    await combo.press('ArrowDown')
  }
  await combo.press('Enter')
  const textarea = notes.getByLabel(/^New case note( \*)?$/)
  await expect(textarea).toBeFocused()
  await expect(textarea).toHaveValue(/^Compare with @\[K-9 Rex at \d{4}-\d{6}\]\(deployment:[0-9a-f-]{36}\) $/)
  await textarea.press('End')
  await textarea.pressSequentially('tonight.')
  await notes.getByRole('button', { name: 'Add note' }).click()
  await expect(notes.getByRole('status').filter({ hasText: 'Case note added.' })).toBeVisible()
  const saved = notes.getByRole('list', { name: 'Case notes' }).getByRole('listitem').last()
  await expect(saved).toContainText(/Compare with K-9 Rex at \d{4}-\d{6} tonight\./)
  await saved.getByRole('link', { name: /K-9 Rex at/ }).click()
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}#deployment-/)
})

test('a detective opens an investigation with a team typed by name, the lead adds someone by e-mail, links a record and removes it with a reason', async ({ page, browser }) => {
  test.setTimeout(90_000)
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations/new')
  await page.getByLabel(/^Title( \*)?$/).fill('Kennel door left open (e2e)')
  await page.getByLabel(/^Summary( \*)?$/).fill('Who left the kennel door open on the night shift?')
  // People are typed (a state unit has thousands of officers), with suggestions.
  const first = page.getByRole('combobox', { name: 'Team member 1' })
  await first.fill('evans')
  await page.getByRole('option', { name: /Maria Evans \(evans@k9\.test\)/ }).click()
  await expect(first).toHaveValue('Tech. Maria Evans (evans@k9.test)')
  await page.getByRole('combobox', { name: 'Team member 2' }).fill('Nobody Atall')
  await page.getByRole('button', { name: 'Open investigation' }).click()
  // The one it cannot take is named next to its field; what was typed stays.
  await expect(page.getByText('No active officer, detective, evidence technician or supervisor has the name or e-mail “Nobody Atall”.')).toBeVisible()
  await expect(first).toHaveValue('Tech. Maria Evans (evans@k9.test)')
  await page.getByRole('combobox', { name: 'Team member 2' }).fill('')
  await page.getByRole('button', { name: 'Open investigation' }).click()
  await expect(page).toHaveURL(/\/investigations\/[0-9a-f-]{36}/)
  await expect(page.getByText('Tech. Maria Evans', { exact: false }).first()).toBeVisible()
  await page.getByRole('combobox', { name: 'Add to the team' }).fill('carter@k9.test')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Added to the team.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Remove Officer Luke Carter from the team' })).toBeVisible()

  // The lead links a record by its number, then removes it: the form opens for that link only, asks why, and keeps it.
  const linking = page.getByRole('region', { name: 'Link a record' })
  await linking.getByLabel(/^Record number/).fill('K9-101')
  await linking.getByRole('button', { name: 'Link record' }).click()
  const links = page.getByRole('region', { name: 'Linked records' })
  const remove = links.getByRole('link', { name: /^Remove link to .*Rex.*…$/ })
  await expect(remove).toBeVisible()
  await expect(links.getByRole('textbox')).toHaveCount(0)
  await remove.click()
  await expect(page).toHaveURL(/\?remove=[0-9a-f-]{36}#link-/)
  const reason = links.getByRole('textbox', { name: /^Why remove .*Rex/ })
  await expect(reason).toBeFocused()

  // The same address, opened by a team member who may read the case but not manage it: the link, and no way to remove it.
  const officerContext = await browser.newContext()
  const officer = await officerContext.newPage()
  await signInAs(officer, 'carter@k9.test')
  await officer.goto(page.url())
  const officerLinks = officer.getByRole('region', { name: 'Linked records' })
  await expect(officerLinks).toContainText('Rex')
  await expect(officerLinks.getByRole('textbox')).toHaveCount(0)
  await expect(officerLinks.getByRole('button', { name: 'Remove link' })).toHaveCount(0)
  await expect(officerLinks.getByRole('link', { name: /^Remove link/ })).toHaveCount(0)
  await officerContext.close()

  await links.getByRole('button', { name: 'Remove link' }).click()
  await expect(reason).toHaveAttribute('aria-invalid', 'true')
  await reason.fill('Linked to the wrong case')
  await links.getByRole('button', { name: 'Remove link' }).click()
  const removed = page.getByRole('region', { name: 'Removed links' })
  await expect(removed).toContainText('Linked to the wrong case')
  await expect(links.getByRole('link', { name: /^Remove link to .*Rex/ })).toHaveCount(0)
})

test('the detective searches from the box on every page: a typo still finds Rex, and a word in many incidents leads on to the incident list', async ({ page }) => {
  await signInAs(page, 'morgan@k9.test')
  await page.goto('/investigations')
  const box = page.getByRole('search', { name: 'Site search' })
  await box.getByRole('searchbox').fill('Rexx')
  await box.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/\/search\?q=Rexx$/)
  const dogs = page.getByRole('region', { name: /^Dogs \(/ })
  await expect(dogs.getByRole('link', { name: 'Rex (K9-101)' })).toBeVisible()
  // What search found ("Rex") is highlighted, not what was typed.
  await expect(dogs.locator('mark').first()).toHaveText('Rex')

  // "No injuries." ends most routine call-outs: more incidents than the page shows, and the list that has them all.
  const again = page.getByRole('search', { name: 'Search again' })
  await again.getByRole('searchbox').fill('injuries')
  await again.getByRole('button', { name: 'Search' }).click()
  const incidents = page.getByRole('region', { name: 'Incidents (10+)' })
  await expect(incidents.getByRole('listitem')).toHaveCount(10)
  await expect(incidents).toContainText('Showing the best 10.')
  await incidents.getByRole('link', { name: 'every incident containing “injuries” in the incident list, newest first' }).click()
  await expect(page).toHaveURL(/\/incidents\?q=injuries$/)
  await expect(page.getByRole('search', { name: 'Filter incidents' }).getByLabel('Number, place or words')).toHaveValue('injuries')
  const rows = page.getByRole('list', { name: 'Incidents' }).getByRole('listitem')
  await expect(rows.nth(10)).toBeVisible()
})
