import { createHash } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import sharp from 'sharp'
import { signInAs } from './support/sign-in'

/**
 * Evidence-grade uploads in the browser (issue 5 item 4): a vet uploads an
 * X-ray to Rex's imaging record and watches the progress bar, sees the
 * thumbnail and the SHA-256, opens the viewer; a disguised SVG is refused
 * with the server's message next to the field and the description kept.
 */

async function openImagingRecord(page: Page) {
  await page.goto('/dogs')
  await page.getByRole('link', { name: 'Rex', exact: true }).first().click()
  await page.getByRole('region', { name: 'Medical summary' }).getByRole('link', { name: 'Imaging' }).last().click() // the seeded one (oldest); e2e/vet.spec.ts may add another
  await expect(page.getByRole('heading', { level: 1, name: 'Imaging' })).toBeVisible()
}

/** A 1200 × 900 "radiograph": noise, so it is not tiny and the upload takes a moment. */
async function radiograph(): Promise<Buffer> {
  const width = 1200
  const height = 900
  const raw = Buffer.alloc(width * height)
  let x = 7
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    raw[i] = 40 + ((x >> 8) & 0x3f) + (Math.abs((i % width) - width / 2) < 30 ? 150 : 0)
  }
  return sharp(raw, { raw: { width, height, channels: 1 } }).png().toBuffer()
}

test('a vet uploads an X-ray with a progress bar, sees its thumbnail and hash, and opens it in the viewer', async ({ page }) => {
  await signInAs(page, 'patel@k9.test')
  await openImagingRecord(page)
  const panel = page.getByRole('region', { name: 'Imaging and attachments' })
  const bytes = await radiograph()
  const sha256 = createHash('sha256').update(bytes).digest('hex')

  await panel.getByLabel(/^File( \*)?$/).setInputFiles({ name: 'rex-thorax-vd.png', mimeType: 'image/png', buffer: bytes })
  await panel.getByLabel('Description').fill('X-ray 3: ventrodorsal thorax, e2e')
  await panel.getByLabel('Modality').selectOption('XRAY')
  await panel.getByLabel('View', { exact: true }).fill('Ventrodorsal')
  await panel.getByLabel('Body region').fill('Thorax')
  await panel.getByRole('button', { name: 'Upload image' }).click()

  const progress = panel.getByRole('progressbar', { name: 'Upload progress' })
  await expect(progress).toHaveAttribute('value', '100')
  await expect(panel.getByText('100 %')).toBeVisible()
  await expect(panel.getByRole('status')).toContainText(sha256)

  const item = panel.getByRole('listitem').filter({ hasText: 'rex-thorax-vd.png' })
  await expect(item).toContainText(sha256)
  await expect(item).toContainText('Ventrodorsal')
  const thumb = item.getByRole('img', { name: 'Thumbnail of rex-thorax-vd.png' })
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320)

  await item.getByRole('link', { name: 'Open in viewer rex-thorax-vd.png' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'rex-thorax-vd.png' })).toBeVisible()
  await expect(page.getByText(sha256)).toBeVisible()
  const image = page.getByRole('img', { name: 'X-ray 3: ventrodorsal thorax, e2e' })
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1200)
  const viewer = page.getByRole('application').filter({ has: image })
  await viewer.focus()
  await page.keyboard.press('+')
  await page.keyboard.press('+')
  await expect(viewer).toHaveAttribute('aria-label', /Zoom 156%/)
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('0')
  await expect(viewer).toHaveAttribute('aria-label', /Zoom 100%/)
  await page.getByLabel(/^Contrast/).fill('180')
  await expect(image).toHaveAttribute('style', /contrast\(180%\)/)
})

test('an SVG named like a PNG is refused with the server\'s message next to the field, and the form keeps the input', async ({ page }) => {
  await signInAs(page, 'patel@k9.test')
  await openImagingRecord(page)
  const panel = page.getByRole('region', { name: 'Imaging and attachments' })
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
  await panel.getByLabel(/^File( \*)?$/).setInputFiles({ name: 'innocent.png', mimeType: 'image/png', buffer: svg })
  await panel.getByLabel('Description').fill('Should never be stored')
  await panel.getByRole('button', { name: 'Upload image' }).click()
  const file = panel.getByLabel(/^File( \*)?$/)
  await expect(panel.getByText(/This file is an SVG image .* which we do not accept/)).toBeVisible()
  await expect(file).toHaveAttribute('aria-invalid', 'true')
  await expect(panel.getByLabel('Description')).toHaveValue('Should never be stored')
  await expect(panel.getByRole('listitem').filter({ hasText: 'innocent' })).toHaveCount(0)
})

test('the upload route refuses a request from another site', async ({ page }) => {
  await signInAs(page, 'patel@k9.test')
  const res = await page.request.post('/api/uploads?target=medicalRecord&targetId=00000000-0000-7000-8000-000000000000&fileName=x.png', {
    headers: { Origin: 'https://evil.example', 'Content-Type': 'application/octet-stream' },
    data: Buffer.from('x'),
  })
  expect(res.status()).toBe(403)
})

test('the upload panel is usable at phone width', async ({ page }) => {
  await signInAs(page, 'patel@k9.test')
  await openImagingRecord(page) // found at desktop width (the phone's dog cards name their links differently)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect(page.getByRole('region', { name: 'Imaging and attachments' }).getByRole('button', { name: 'Upload image' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
})
