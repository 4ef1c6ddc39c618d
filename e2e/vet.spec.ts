import { createHash } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import sharp from 'sharp'
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

/** A small synthetic radiograph (noise with a bright vertical band, and a bright dot for the fragment). */
async function radiograph(seed: number, fragment: boolean): Promise<Buffer> {
  const width = 640
  const height = 480
  const raw = Buffer.alloc(width * height)
  let x = seed
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    const px = i % width
    const py = Math.floor(i / width)
    const dot = fragment && Math.hypot(px - 400, py - 220) < 8
    raw[i] = dot ? 255 : 40 + ((x >> 8) & 0x3f) + (Math.abs(px - width / 2) < 40 ? 120 : 0)
  }
  return sharp(raw, { raw: { width, height, channels: 1 } }).png().toBuffer()
}

/** Uploads one X-ray through the record's attachment panel and waits for its hash. */
async function uploadXray(page: Page, fileName: string, bytes: Buffer, description: string, view: string) {
  const panel = page.getByRole('region', { name: 'Imaging and attachments' })
  await panel.getByLabel(/^File( \*)?$/).setInputFiles({ name: fileName, mimeType: 'image/png', buffer: bytes })
  await panel.getByLabel('Description').fill(description)
  await panel.getByLabel('Modality').selectOption('XRAY')
  await panel.getByLabel('View', { exact: true }).fill(view)
  await panel.getByLabel('Body region').fill('Thorax')
  await panel.getByRole('button', { name: 'Upload image' }).click()
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await expect(panel.getByRole('listitem').filter({ hasText: fileName })).toContainText(sha256, { timeout: 30_000 })
}

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
  await page.screenshot({ path: 'test-results/screenshots/desktop-emergency-record.png', fullPage: true })

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
  await page.screenshot({ path: 'test-results/screenshots/desktop-amended-exam.png', fullPage: true })

  // ── Imaging: two portable X-rays, the second on the rib cage, viewed ──
  await newRecordForRex(page, 'Imaging')
  await field(page, 'Date and time (UTC)').fill(minutesAgo(55))
  await field(page, 'Findings').fill('Small, sharp, metallic foreign body deep between the ribs, close to a major artery; shifts with each breath.')
  await field(page, 'Diagnosis').fill(`Metallic foreign body (${TAG})`)
  await page.getByRole('button', { name: 'Save record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Imaging' })).toBeVisible()
  await uploadXray(page, `xray-1-${TAG.replace(' ', '-')}.png`, await radiograph(11, false), 'X-ray 1: lateral thorax', 'Right lateral')
  await uploadXray(page, `xray-2-${TAG.replace(' ', '-')}.png`, await radiograph(23, true), 'X-ray 2: rib cage, focused', 'Ventrodorsal')
  const xray2 = page.getByRole('region', { name: 'Imaging and attachments' }).getByRole('listitem').filter({ hasText: `xray-2-${TAG.replace(' ', '-')}.png` })
  await xray2.getByRole('link', { name: /^Open in viewer/ }).click()
  const xray = page.getByRole('img', { name: 'X-ray 2: rib cage, focused' })
  await expect.poll(() => xray.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640)
  await page.screenshot({ path: 'test-results/screenshots/desktop-xray-viewer.png', fullPage: true })

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
  await patel.screenshot({ path: 'test-results/screenshots/desktop-surgery-record.png', fullPage: true })
  // Custody starts in the operating room: Dr. Patel holds it.
  await itemLink.click()
  await expect(patel.getByRole('heading', { level: 1, name: new RegExp(number) })).toBeVisible()
  await expect(patel.getByText(/Collected by .*Patel/).first()).toBeVisible()
  // The optional photo of the sealed bag, on the item itself (the collector may add it).
  const photos = patel.getByRole('region', { name: 'Photos' })
  const photo = await radiograph(37, true)
  await photos.getByLabel(/^File( \*)?$/).setInputFiles({ name: 'fragment-bag.png', mimeType: 'image/png', buffer: photo })
  await photos.getByLabel('Description').fill('Fragment in its sealed bag')
  await photos.getByRole('button', { name: 'Upload photo' }).click()
  await expect(photos.getByRole('listitem').filter({ hasText: 'fragment-bag.png' })).toContainText(createHash('sha256').update(photo).digest('hex'), { timeout: 30_000 })
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
  await carter.screenshot({ path: 'test-results/screenshots/desktop-rex-profile-handler.png', fullPage: true })
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
  await expect(page.getByText('Enter the dog’s call name or K-9 number.')).toBeVisible()
  await expect(page.getByText('Name the procedure performed.')).toBeVisible()
  await expect(field(page, 'Kind of record')).toHaveValue('SURGERY')
  await page.screenshot({ path: 'test-results/screenshots/phone-new-record-errors.png', fullPage: true })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)

  // A seeded record signed by Dr. Hayes: Dr. Patel reads it but is told who may amend it.
  await page.goto('/medical')
  await page.getByRole('link', { name: /^Emergency · Rex/ }).first().click()
  await expect(page).toHaveURL(/\/medical\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Amend record' })).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screenshots/phone-emergency-record.png', fullPage: true })
  await page.goto(`${page.url()}/amend`)
  await expect(page.getByText(/Only the veterinarian who signed this record \(.*Hayes.*\) can amend it/)).toBeVisible()
})

test('the medical list is filtered by a dog typed by name, and pages by date', async ({ page }) => {
  await signInAs(page, 'hayes@k9.test')
  // The suggestion route answers a vet for dogs, and 404 for handlers, whom a vet may not read.
  const dogs = await page.request.get('/api/lookup?kind=dog&q=rex')
  expect(dogs.status()).toBe(200)
  expect(((await dogs.json()) as { results: Array<{ value: string }> }).results.map((r) => r.value)).toContainEqual(expect.stringMatching(/^Rex \(K9-/))
  expect((await page.request.get('/api/lookup?kind=handler&q=car')).status()).toBe(404)
  expect((await page.request.get('/api/lookup?kind=nonsense&q=car')).status()).toBe(404)
  await page.goto('/medical')
  const filters = page.getByRole('search', { name: 'Filter medical records' })
  await filters.getByRole('combobox', { name: 'Dog' }).fill('rex')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Medical records of Rex' })).toBeVisible()
  // The filter names the dog it found, as the app writes a dog.
  await expect(filters.getByRole('combobox', { name: 'Dog' })).toHaveValue(/^Rex \(K9-\d+\)$/)
  const records = page.getByRole('list', { name: 'Medical records' }).getByRole('listitem')
  await expect(records.first()).toContainText('Rex')
  // A day before any of Rex's records: nothing up to it.
  await page.getByLabel('Records up to').fill('2000-01-01')
  await page.getByRole('button', { name: 'Go' }).click()
  await expect(page.getByText('No medical record of that dog you can see.')).toBeVisible()
  await page.getByRole('link', { name: 'Newest' }).click()
  await expect(records.first()).toContainText('Rex')
})

test('the medical list is searched by words of the record, as search reads them, and says when none has them', async ({ page }) => {
  await signInAs(page, 'hayes@k9.test')
  await page.goto('/medical')
  const filters = page.getByRole('search', { name: 'Filter medical records' })
  await filters.getByRole('searchbox', { name: 'Words' }).fill('thoracotomies')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/[?&]q=thoracotomies/)
  // "thoracotomies" finds the surgery and the follow-up that name a thoracotomy, newest first; the field keeps the words.
  const records = page.getByRole('list', { name: 'Medical records' }).getByRole('listitem')
  await expect(records).toHaveCount(2)
  await expect(records.nth(0)).toContainText('Follow up · Rex')
  await expect(records.nth(1)).toContainText('Surgery · Rex')
  // Each shows where the words are: the surgery its procedure, the follow-up its diagnosis, the word marked.
  await expect(records.nth(1).locator('mark')).toHaveText('thoracotomy')
  await expect(records.nth(1)).toContainText('Left lateral thoracotomy')
  await expect(records.nth(0).locator('mark')).toHaveText('thoracotomy')
  await expect(filters.getByRole('searchbox', { name: 'Words' })).toHaveValue('thoracotomies')
  await filters.getByRole('searchbox', { name: 'Words' }).fill('zeppelin')
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('No medical record you can see contains “zeppelin”.')).toBeVisible()
  await page.getByRole('link', { name: 'Clear' }).click()
  await expect(page).toHaveURL(/\/medical$/)
  await expect(filters.getByRole('searchbox', { name: 'Words' })).toHaveValue('')
})
