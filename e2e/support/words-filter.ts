import { expect, type Page } from '@playwright/test'

/**
 * A list's words filter (components/ui/words-filter-field.tsx): a text too short to search is kept, marked invalid
 * and explained next to the field; then `word` is searched and the field is valid again.
 */
export async function searchWords(page: Page, list: string, label: string, tooShort: string, word: string) {
  const filters = page.getByRole('search', { name: `Filter ${list}` })
  const words = filters.getByLabel(label)
  await words.fill(tooShort)
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(words).toHaveValue(tooShort)
  await expect(words).toHaveAttribute('aria-invalid', 'true')
  await expect(words).toHaveAccessibleDescription(`Type a word of at least 3 characters: “${tooShort}” was not searched.`)
  await words.fill(word)
  await filters.getByRole('button', { name: 'Apply' }).click()
  await expect(words).toHaveValue(word)
  await expect(words).not.toHaveAttribute('aria-invalid', 'true')
}
