import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { signInAs } from './support/sign-in'

/**
 * The evidence room (issue 6): a fragment's chain from the operating table to
 * the handler, the evidence room, the ballistics lab and back, moved through
 * the browser by each role, ending in "Chain intact"; who may not see or move
 * it; and two hand-overs racing. Each test records its own item, so the
 * seeded fragment (EV-<year>-000001) stays as the seed left it for other specs.
 */

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signInAs(page, email)
  return page
}

const chainBanner = (page: Page) => page.getByRole('status').filter({ hasText: /^Chain intact/ })

async function handOver(page: Page, to: string, where: string, why: string) {
  const form = page.getByRole('form', { name: 'Hand over' })
  await form.getByLabel('Hand over to').fill(to)
  await form.getByLabel('Where').fill(where)
  await form.getByLabel('Why').fill(why)
  await form.getByLabel('Yes').check()
  await form.getByRole('button', { name: 'Record hand-over' }).click()
  await expect(page.getByText('in transit, awaiting receipt')).toBeVisible()
}

async function confirmReceipt(page: Page, where: string) {
  const form = page.getByRole('form', { name: 'Confirm receipt' })
  await form.getByLabel('Where you received it').fill(where)
  await form.getByLabel('Yes').check()
  await form.getByRole('button', { name: 'Confirm receipt' }).click()
  await expect(page.getByRole('form', { name: 'Confirm receipt' })).toHaveCount(0)
}

test.describe('The evidence room', () => {
  test('the fragment goes from the vet to the handler, the evidence room, the ballistics lab and back, and its chain verifies', async ({ browser }) => {
    test.setTimeout(240_000)

    // Dr. Patel records what he removed in surgery: custody starts in the operating room.
    const vet = await as(browser, 'patel@k9.test')
    await vet.goto('/dogs')
    await vet.getByRole('link', { name: 'Rex', exact: true }).first().click()
    await vet.getByRole('region', { name: 'Medical summary' }).getByRole('listitem').filter({ hasText: 'Surgery' }).getByRole('link').first().click()
    await expect(vet).toHaveURL(/\/medical\/[0-9a-f-]{36}/)
    const surgeryId = new URL(vet.url()).pathname.split('/').pop()
    await vet.goto(`/evidence/new?medicalRecord=${surgeryId}`)
    const intake = vet.getByRole('form', { name: 'Record a new evidence item' })
    await expect(intake).toContainText('Surgery of K-9 Rex')
    await intake.getByLabel('Description').fill('Second metal fragment, about 3 mm, from the same wound track')
    await intake.getByRole('button', { name: 'Record item and start custody' }).click()
    // A mistake is named next to its field, and nothing typed is lost.
    await expect(intake.getByText('Choose a category.', { exact: true })).toBeVisible()
    await expect(intake.getByLabel('Description')).toHaveValue('Second metal fragment, about 3 mm, from the same wound track')
    await intake.getByLabel('Category').selectOption({ label: 'Ballistic' })
    await intake.getByLabel('Collected at (place)').fill('Operating room, Emergency Vet Clinic')
    await intake.getByLabel('Seal number').fill('SEAL-E2E-1')
    await intake.getByLabel('Yes').check()
    await intake.getByRole('button', { name: 'Record item and start custody' }).click()
    await expect(vet).toHaveURL(/\/evidence\/[0-9a-f-]{36}$/)
    await expect(chainBanner(vet)).toContainText('Chain intact: 1 event')
    const itemUrl = new URL(vet.url()).pathname
    const number = (await vet.getByRole('heading', { level: 1 }).textContent())!.trim()
    expect(number).toMatch(/^EV-\d{4}-\d{6}$/)

    await handOver(vet, 'Officer Luke Carter (carter@k9.test)', 'Emergency Vet Clinic', "Hand-over to the dog's handler for the evidence room")

    // Another vet does not see it at all.
    const otherVet = await as(browser, 'hayes@k9.test')
    expect((await otherVet.goto(itemUrl))?.status()).toBe(404)

    // The handler confirms receipt, then books it into the evidence room.
    const handler = await as(browser, 'carter@k9.test')
    await handler.goto(itemUrl)
    await confirmReceipt(handler, 'Emergency Vet Clinic')
    await handOver(handler, 'Tech. Maria Evans (evans@k9.test)', 'Evidence room A counter', 'Booking in')

    // The evidence technician receives, stores, checks out for the lab, submits it.
    const tech = await as(browser, 'evans@k9.test')
    await tech.goto(itemUrl)
    await confirmReceipt(tech, 'Evidence room A counter')
    const store = tech.getByRole('form', { name: 'Store' })
    await store.getByLabel('Storage location').selectOption({ label: 'EVR-A-03-02 · Ballistics, small items' })
    await store.getByLabel('Yes').check()
    await store.getByRole('button', { name: 'Store item' }).click()
    const checkOut = tech.getByRole('form', { name: 'Check out' })
    await checkOut.getByLabel('Purpose').fill('Lab submission')
    await checkOut.getByLabel('Yes').check()
    await checkOut.getByRole('button', { name: 'Check out' }).click()
    const lab = tech.getByRole('form', { name: 'Submit to lab' })
    await lab.getByLabel('Laboratory').fill('State Crime Laboratory, Firearms Unit')
    await lab.getByLabel('Question for the lab').fill('Is this part of a firearm projectile? If so, calibre.')
    await lab.getByLabel('Yes').check()
    await lab.getByRole('button', { name: 'Submit to lab' }).click()
    await expect(tech.getByRole('region', { name: 'Item' })).toContainText('At lab')

    // The handler held it before: he still sees it, but may not move it.
    await handler.reload()
    await expect(handler.getByRole('region', { name: 'Custody actions' })).toContainText('Only the item')
    await expect(handler.getByRole('form')).toHaveCount(0)

    // Back from the lab, with the result, and checked back in.
    const back = tech.getByRole('form', { name: 'Return from lab' })
    await back.getByLabel('Yes').check()
    await back.getByLabel('Notes').fill('Returned resealed under lab seal SCL-E2E')
    await back.getByRole('button', { name: 'Book back from lab' }).click()
    await tech.getByText("Record the lab's result").click()
    const result = tech.getByRole('form', { name: 'Record lab result' })
    await result.getByLabel('Examiner').fill('J. Whitfield, Firearms Examiner')
    await result.getByLabel('Method').fill('Stereomicroscopy, XRF')
    await result.getByLabel('Findings').fill('Copper jacket fragment with lead core residue.')
    await result.getByLabel('Conclusion').fill('Fragment of a firearm projectile')
    await result.getByRole('button', { name: 'Record result' }).click()
    await expect(tech.getByRole('region', { name: 'Lab work' })).toContainText('Result: Fragment of a firearm projectile')
    const checkIn = tech.getByRole('form', { name: 'Check in' })
    await checkIn.getByLabel('Yes').check()
    await checkIn.getByRole('button', { name: 'Check in' }).click()

    await expect(chainBanner(tech)).toContainText('Chain intact: 10 events')
    const chain = tech.getByRole('list', { name: 'Custody events' })
    await expect(chain.getByRole('listitem')).toHaveCount(10)
    await expect(chain.getByRole('listitem').first()).toContainText('Collected by Dr. Raj Patel')
    await expect(chain.getByRole('listitem').nth(2)).toContainText('Dr. Raj Patel → Officer Luke Carter')
    await expect(chain.getByRole('listitem').last()).toContainText('Checked in')
    // Each event reads as a sentence per line: number and action, who, seal, who recorded it and the start of its hash.
    await expect(chain.getByRole('listitem').last()).toHaveText(/^#10 Checked in[\s\S]*Seal intact: yes[\s\S]*Recorded by [^·]+ · hash [0-9a-f]{12}$/)

    // The detective finds it in the list and gets the chain-of-custody report.
    const detective = await as(browser, 'morgan@k9.test')
    await detective.goto(`/evidence?q=${number}`)
    await detective.getByRole('link', { name: new RegExp(number) }).click()
    await expect(chainBanner(detective)).toContainText('Chain intact: 10 events')
    const download = detective.waitForEvent('download')
    await detective.getByRole('link', { name: 'Custody report (PDF)' }).click()
    expect((await download).suggestedFilename()).toBe(`${number}-chain-of-custody.pdf`)

    const axe = await new AxeBuilder({ page: tech }).withTags(['wcag2a', 'wcag2aa']).analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  })

  test('two hand-overs of the same item at the same moment: one wins, the other is told and keeps what was typed', async ({ browser }) => {
    const tech = await as(browser, 'evans@k9.test')
    await tech.goto('/evidence/new')
    const intake = tech.getByRole('form', { name: 'Record a new evidence item' })
    await intake.getByLabel('Description').fill('Spent 9 mm casing')
    await intake.getByLabel('Category').selectOption({ label: 'Ballistic' })
    await intake.getByLabel('Collected at (place)').fill('Evidence room A counter')
    await intake.getByLabel('Yes').check()
    await intake.getByRole('button', { name: 'Record item and start custody' }).click()
    await expect(tech).toHaveURL(/\/evidence\/[0-9a-f-]{36}$/)

    const second = await tech.context().newPage()
    await second.goto(tech.url())
    for (const [page, to] of [[tech, 'Officer Luke Carter (carter@k9.test)'], [second, 'Det. Alex Morgan (morgan@k9.test)']] as const) {
      const form = page.getByRole('form', { name: 'Hand over' })
      await form.getByLabel('Hand over to').fill(to)
      await form.getByLabel('Where').fill('Counter')
      await form.getByLabel('Why').fill('Race')
      await form.getByLabel('Yes').check()
    }
    await Promise.all([
      tech.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click(),
      second.getByRole('form', { name: 'Hand over' }).getByRole('button', { name: 'Record hand-over' }).click(),
    ])
    const refused = [tech, second].map((p) => p.getByRole('alert').filter({ hasText: 'Someone else recorded a custody event' }))
    await expect.poll(async () => (await refused[0]!.count()) + (await refused[1]!.count())).toBe(1)
    const loser = (await refused[0]!.count()) ? tech : second
    await expect(loser.getByRole('form', { name: 'Hand over' }).getByLabel('Why')).toHaveValue('Race')

    await tech.reload()
    await expect(chainBanner(tech)).toContainText('Chain intact: 2 events')
    await expect(tech.getByRole('list', { name: 'Custody events' }).getByRole('listitem')).toHaveCount(2)
  })

  test('a hand-over not yet confirmed is cancelled by the giver or declined by the receiver; the chain stays intact; labels carry a barcode that opens the item', async ({ browser }) => {
    test.setTimeout(120_000)
    const tech = await as(browser, 'evans@k9.test')
    await tech.goto('/evidence/new')
    const intake = tech.getByRole('form', { name: 'Record a new evidence item' })
    await intake.getByLabel('Description').fill('Torn glove')
    await intake.getByLabel('Category').selectOption({ label: 'Trace' })
    await intake.getByLabel('Collected at (place)').fill('Evidence room A counter')
    await intake.getByLabel('Yes').check()
    await intake.getByRole('button', { name: 'Record item and start custody' }).click()
    await expect(tech).toHaveURL(/\/evidence\/[0-9a-f-]{36}$/)
    const itemUrl = new URL(tech.url()).pathname
    const number = (await tech.getByRole('heading', { level: 1 }).textContent())!.trim()

    await handOver(tech, 'Officer Luke Carter (carter@k9.test)', 'Counter', 'For the scene examiner')
    const cancel = tech.getByRole('form', { name: 'Cancel hand-over' })
    await cancel.getByRole('button', { name: 'Cancel hand-over' }).click()
    await expect(cancel.getByText('Say why the hand-over is cancelled.')).toBeVisible()
    await cancel.getByLabel(/^Why cancel/).fill('Wrong officer named')
    await cancel.getByLabel('Yes').check()
    await cancel.getByRole('button', { name: 'Cancel hand-over' }).click()
    await expect(tech.getByText('in transit, awaiting receipt')).toHaveCount(0)
    await expect(chainBanner(tech)).toContainText('Chain intact: 3 events')
    await expect(tech.getByRole('list', { name: 'Custody events' })).toContainText('Hand-over cancelled')

    await handOver(tech, 'Officer Luke Carter (carter@k9.test)', 'Counter', 'Second try')
    const officer = await as(browser, 'carter@k9.test')
    await officer.goto(itemUrl)
    const decline = officer.getByRole('form', { name: 'Decline hand-over' })
    await decline.getByLabel(/^Why decline/).fill('Seal torn on arrival')
    await decline.getByLabel('No', { exact: true }).check()
    await decline.getByRole('button', { name: 'Decline hand-over' }).click()
    await expect(officer.getByRole('form', { name: 'Decline hand-over' })).toHaveCount(0)
    await expect(officer.getByRole('list', { name: 'Custody events' })).toContainText('Hand-over declined')
    await tech.reload()
    await expect(tech.getByText('in transit, awaiting receipt')).toHaveCount(0)
    await expect(chainBanner(tech)).toContainText('Chain intact: 5 events')

    // The label has a QR code and a Code 128 barcode of the number; scanning the number opens the item.
    await tech.getByRole('link', { name: 'Label' }).click()
    await expect(tech.getByRole('img', { name: `Code 128 barcode of ${number}` })).toBeVisible()
    await tech.goto('/evidence')
    await tech.getByRole('link', { name: 'Scan a label' }).click()
    const scan = tech.getByLabel('Item number or location code')
    await expect(scan).toBeFocused()
    await scan.fill('EV-1999-999999')
    await scan.press('Enter')
    await expect(tech.getByRole('alert').filter({ hasText: 'Nothing you can see has the code' })).toBeVisible()
    await tech.getByLabel('Item number or location code').fill(number)
    await tech.getByLabel('Item number or location code').press('Enter')
    await expect(tech).toHaveURL(new RegExp(`${itemUrl}$`))

    // Every storage location has a printable label with its barcode.
    await tech.goto('/evidence/locations')
    const first = tech.getByRole('list', { name: 'Storage locations' }).getByRole('listitem').first()
    const code = (await first.locator('p.font-mono').textContent())!.trim()
    await first.getByRole('link', { name: `Print the label of ${code}` }).click()
    await expect(tech.getByRole('article', { name: `Label for location ${code}` }).getByRole('img', { name: `Code 128 barcode of ${code}` })).toBeVisible()
    await expect(tech.getByRole('button', { name: 'Print label' })).toBeVisible()
    // A link to a location code that names none (a label of a shelf since removed) says so, not only "no item".
    await tech.goto('/evidence?location=EVR-Z-99-99')
    await expect(tech.getByText('No storage location has the code “EVR-Z-99-99”.')).toBeVisible()
    await tech.getByRole('link', { name: 'See the storage locations' }).click()
    await expect(tech.getByRole('list', { name: 'Storage locations' })).toBeVisible()
  })

  test('the evidence-room report: a supervisor starts a run in the background, sees it finish and find it in the history; an officer cannot open it', async ({ browser }) => {
    const supervisor = await as(browser, 'ruiz@k9.test')
    await supervisor.goto('/evidence')
    await supervisor.getByRole('link', { name: 'Chain verification' }).click()
    await expect(supervisor.getByRole('heading', { level: 1, name: 'Chain verification' })).toBeVisible()
    // (opening the page may already have started the daily run; then the button says so)
    const start = supervisor.getByRole('button', { name: 'Verify all chains now' })
    await expect(start).toBeEnabled({ timeout: 15_000 })
    await start.click()
    await expect(supervisor.getByRole('status').filter({ hasText: /Verification started|already running/ })).toBeVisible()
    // The page refreshes itself until the run is done: the verdict, then the run in the history as the supervisor's.
    await expect(supervisor.getByRole('status').filter({ hasText: /^All \d+ chains intact\. \d+ events verified\.$/ })).toBeVisible({ timeout: 15_000 })
    const history = supervisor.getByRole('table', { name: /verification runs/ })
    await expect(history.getByRole('row').filter({ hasText: 'Sgt. Elena Ruiz' }).filter({ hasText: 'All intact' }).first()).toBeVisible()
    const officer = await as(browser, 'daniels@k9.test')
    expect((await officer.goto('/evidence/verification'))?.status()).toBe(404)
  })
})
