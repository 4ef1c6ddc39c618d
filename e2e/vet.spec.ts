import { expect, test, type Page } from '@playwright/test'
import { signInAs } from './support/sign-in'

/**
 * Day 0 of the reference case, written by the vets in the browser (issue 5):
 * the emergency admission with its vital signs, the halted euthanasia with
 * its reason, the examination (then amended), the surgery with the cardiac
 * arrest and the recovered fragment; then Rex's handler sees it all on Rex's
 * profile. The seed already holds a Day 0; these records carry a run tag so
 * that the assertions find the ones written here.
 */

const TAG = `run ${Date.now().toString(36)}`
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`))
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().slice(0, 16)

async function openRex(page: Page) {
  await page.goto('/dogs')
  await page.getByRole('link', { name: 'Rex', exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: /Rex/ })).toBeVisible()
}

/** From Rex's profile: the new-record form with Rex chosen, the kind picked. */
async function newRecordForRex(page: Page, kind: string) {
  await openRex(page)
  await page.getByRole('link', { name: 'New medical record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New medical record' })).toBeVisible()
  await expect(field(page, 'Dog')).toHaveValue(/.+/)
  await field(page, 'Kind of record').selectOption({ label: kind })
  await field(page, 'Clinic').fill('Emergency Vet Clinic')
}

test('a vet records Day 0 for Rex, and his handler sees it on Rex’s profile', async ({ page, browser }) => {
  test.setTimeout(300_000)
  await signInAs(page, 'hayes@k9.test')

  // ── Emergency admission, with a series of vital signs ──
  await newRecordForRex(page, 'Emergency')
  await field(page, 'Date and time (UTC)').fill(minutesAgo(90))
  await field(page, 'Presenting problem').fill('Laboured, shallow breathing overnight; not responding to oxygen or medication.')
  await field(page, 'Findings').fill('Vitals dropping fast, irregular heart rate.')
  await field(page, 'Diagnosis').fill(`Suspected multi-organ failure (${TAG})`)
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency' })).toBeVisible()
  const admissionUrl = page.url()

  const vitalsForm = page.getByRole('form', { name: 'Add vital signs' })
  const first = vitalsForm.getByRole('group', { name: 'Reading 1' })
  await first.getByLabel(/^Time \(UTC\)/).fill(minutesAgo(85))
  await first.getByLabel('Heart rate (bpm)').fill('1880') // a slip of the finger
  await first.getByLabel('Temperature (°C)').fill('36.2')
  await first.getByLabel('SpO₂ (%)').fill('84')
  await vitalsForm.getByRole('button', { name: 'Add another reading' }).click()
  const second = vitalsForm.getByRole('group', { name: 'Reading 2' })
  await second.getByLabel(/^Time \(UTC\)/).fill(minutesAgo(80))
  await second.getByLabel('Heart rate (bpm)').fill('215')
  await second.getByLabel('SpO₂ (%)').fill('80')
  await second.getByLabel('Pain score (per 10)').fill('8')
  await vitalsForm.getByRole('button', { name: 'Save readings' }).click()
  // Refused with a message next to the field; everything typed is still there.
  await expect(vitalsForm.getByText('Heart rate must be between 10 and 400 bpm: check the reading.')).toBeVisible()
  await expect(first.getByLabel('Heart rate (bpm)')).toHaveAttribute('aria-invalid', 'true')
  await expect(second.getByLabel('Heart rate (bpm)')).toHaveValue('215')
  await first.getByLabel('Heart rate (bpm)').fill('188')
  await vitalsForm.getByRole('button', { name: 'Save readings' }).click()
  await expect(page.getByRole('status').filter({ hasText: '2 readings added.' })).toBeVisible()
  const vitals = page.getByRole('table', { name: 'Vital signs' })
  await expect(vitals.getByRole('row')).toHaveCount(3)
  // Abnormal for a dog: flagged, in words for screen readers too.
  await expect(vitals.getByRole('row').nth(1)).toContainText('188 ↑ (high)')
  await expect(vitals.getByRole('row').nth(2)).toContainText('80 ↓ (low)')

  // ── The euthanasia decision, halted: the reason is required ──
  await newRecordForRex(page, 'Euthanasia decision')
  await field(page, 'Date and time (UTC)').fill(minutesAgo(70))
  await field(page, 'Decision').selectOption({ label: 'Halted' })
  await field(page, 'Diagnosis').fill(`Decision record (${TAG})`)
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByText('Give the reason for the decision: a euthanasia decision is never recorded without it.')).toBeVisible()
  await expect(field(page, 'Decision')).toHaveValue('HALTED')
  await field(page, 'Reason for the decision').fill('A twitch, changing breathing and erratic vital spikes: not consistent with end-stage organ failure.')
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Euthanasia decision' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Decision', exact: true })).toContainText('Halted')
  await expect(page.getByRole('region', { name: 'Decision', exact: true })).toContainText('erratic vital spikes')

  // ── The examination, then amended by its author ──
  await newRecordForRex(page, 'Exam')
  await field(page, 'Date and time (UTC)').fill(minutesAgo(60))
  await field(page, 'Attending vets').fill('Dr. Patel (visiting specialist)')
  await field(page, 'Findings').fill('Flinches on palpation of the rib cage.')
  await field(page, 'Diagnosis').fill(`Focal trauma, not systemic failure (${TAG})`)
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Exam' })).toBeVisible()
  await page.getByRole('link', { name: 'Amend record' }).click()
  await field(page, 'Findings').fill('Flinches on palpation of the rib cage and abdomen: localised pain.')
  await field(page, 'Reason for the amendment').fill('Abdomen palpated too.')
  await page.getByRole('button', { name: 'Save amendment' }).click()
  const amendments = page.getByRole('region', { name: 'Amendments' })
  await expect(amendments).toContainText('Reason: Abdomen palpated too.')
  await expect(amendments.getByRole('deletion')).toContainText('Flinches on palpation of the rib cage.')
  await expect(amendments.getByRole('insertion')).toContainText('rib cage and abdomen')

  // ── The surgery, by Dr. Patel: the arrest, and the fragment recovered ──
  const patelContext = await browser.newContext()
  const patel = await patelContext.newPage()
  await signInAs(patel, 'patel@k9.test')
  await newRecordForRex(patel, 'Surgery')
  await field(patel, 'Date and time (UTC)').fill(minutesAgo(45))
  await field(patel, 'Procedure').fill('Emergency removal of a metallic foreign body between the ribs, close to a major artery.')
  await field(patel, 'Anaesthesia').fill('Propofol induction, isoflurane maintenance.')
  await field(patel, 'Complications').fill('Cardiac arrest during removal; resuscitated (CPR, adrenaline).')
  await field(patel, 'Outcome').fill(`Fragment removed without rupturing the artery; sedated, critical (${TAG})`)
  await patel.getByRole('button', { name: 'Save record' }).click()
  await expect(patel.getByRole('heading', { level: 1, name: 'Surgery' })).toBeVisible()
  await expect(patel.getByRole('region', { name: 'Record', exact: true })).toContainText('Cardiac arrest during removal')

  const recovered = patel.getByRole('region', { name: 'Recovered items' })
  await recovered.locator('summary', { hasText: 'Record recovered item' }).click()
  const itemForm = patel.getByRole('form', { name: 'Record recovered item' })
  await itemForm.getByLabel(/^Description/).fill('Small, jagged metallic fragment, lodged deep between the ribs')
  await itemForm.getByLabel(/^Category/).selectOption({ label: 'Ballistic' })
  await itemForm.getByLabel(/^Seal number/).fill(`SEAL-${TAG}`)
  await itemForm.getByRole('button', { name: 'Record recovered item' }).click()
  await expect(patel.getByRole('status').filter({ hasText: /Recovered item recorded as EV-\d{4}-\d{6}/ })).toBeVisible()
  const itemLink = recovered.getByRole('link', { name: /^EV-\d{4}-\d{6}$/ })
  await expect(itemLink).toBeVisible()
  const number = (await itemLink.textContent())!
  // Custody starts in the operating room: Dr. Patel holds it.
  await itemLink.click()
  await expect(patel.getByRole('heading', { level: 1, name: new RegExp(number) })).toBeVisible()
  await expect(patel.getByText(/Collected by .*Patel/).first()).toBeVisible()
  await patelContext.close()

  // ── Rex's handler sees it on Rex's profile ──
  const carterContext = await browser.newContext()
  const carter = await carterContext.newPage()
  await signInAs(carter, 'carter@k9.test')
  await openRex(carter)
  const medical = carter.getByRole('region', { name: 'Medical summary' })
  await expect(medical.getByText(`Suspected multi-organ failure (${TAG})`)).toBeVisible()
  await expect(medical.getByText(`Focal trauma, not systemic failure (${TAG})`)).toBeVisible()
  await expect(medical.getByText(`sedated, critical (${TAG})`)).toBeVisible()
  await expect(medical.getByRole('listitem').filter({ hasText: `Decision record (${TAG})` })).toContainText('Decision: Halted')
  await expect(medical.getByRole('heading', { name: 'Vital signs over time' })).toBeVisible()
  await expect(medical.getByRole('link', { name: 'New medical record' })).toHaveCount(0)
  // …and opens the admission with its readings; he cannot write.
  await carter.goto(admissionUrl)
  await expect(carter.getByRole('table', { name: 'Vital signs' }).getByRole('row')).toHaveCount(3)
  await expect(carter.getByRole('form', { name: 'Add vital signs' })).toHaveCount(0)
  await expect(carter.getByRole('link', { name: 'Amend record' })).toHaveCount(0)
  await carterContext.close()
})

test('the new-record form works on a phone, and a vet who did not sign a record cannot amend it', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 390, height: 844 })
  await signInAs(page, 'patel@k9.test')
  await page.goto('/medical')
  await page.getByRole('link', { name: 'New medical record' }).click()
  await field(page, 'Kind of record').selectOption({ label: 'Surgery' })
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByText('Choose the dog.')).toBeVisible()
  await expect(page.getByText('Name the procedure performed.')).toBeVisible()
  await expect(field(page, 'Kind of record')).toHaveValue('SURGERY')
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)

  // A seeded record signed by Dr. Hayes: Dr. Patel reads it but is told who may amend it.
  await page.goto('/medical')
  await page.getByRole('link', { name: /^Emergency · Rex/ }).first().click()
  await expect(page).toHaveURL(/\/medical\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Amend record' })).toHaveCount(0)
  await page.goto(`${page.url()}/amend`)
  await expect(page.getByText(/Only the veterinarian who signed this record \(.*Hayes.*\) can amend it/)).toBeVisible()
})
