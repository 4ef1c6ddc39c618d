import 'server-only'
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'

/**
 * The one PDF text writer for the reports we generate (the chain-of-custody
 * report, the court case file). Standard fonts only (WinAnsi), so text goes
 * through pdfSafe first.
 */

export const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 50
const FOOTER = 30

/** Windows-1252 characters beyond Latin-1 that the standard fonts can draw. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
const REPLACEMENTS: Record<string, string> = { '−': '-', '→': '->', '←': '<-', '‖': '||', '≤': '<=', '≥': '>=', '×': 'x', '·': '·', '\u00a0': ' ', '\t': '  ' }

/** Text the standard (WinAnsi) fonts can draw: known symbols spelled out, anything else as '?'. */
export function pdfSafe(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) {
    const r = REPLACEMENTS[ch]
    if (r !== undefined) out += r
    else if (ch === '\n' || (ch >= ' ' && ch.codePointAt(0)! <= 0xff && !(ch >= '\u007f' && ch <= '\u009f')) || CP1252_EXTRA.has(ch)) out += ch
    else out += '?'
  }
  return out
}

export type PdfStyle = { font?: 'regular' | 'bold' | 'mono' | 'italic'; size?: number; color?: [number, number, number]; indent?: number; gapAfter?: number }

/** A minimal flowing-text PDF writer: wraps words, breaks hashes, adds pages, numbers them. */
export class PdfWriter {
  private page!: PDFPage
  private y = 0
  readonly pages: PDFPage[] = []
  constructor(
    readonly doc: PDFDocument,
    private readonly fonts: Record<NonNullable<PdfStyle['font']>, PDFFont>,
  ) {
    this.newPage()
  }

  newPage() {
    this.page = this.doc.addPage([A4.width, A4.height])
    this.pages.push(this.page)
    this.y = A4.height - MARGIN
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number) {
    if (this.y - height < MARGIN + FOOTER) this.newPage()
  }

  space(h: number) {
    this.y -= h
  }

  /** Wrapped text; long words (hashes) are broken to fit. */
  text(raw: string, style: PdfStyle = {}) {
    const font = this.fonts[style.font ?? 'regular']
    const size = style.size ?? 10
    const indent = style.indent ?? 0
    const width = A4.width - 2 * MARGIN - indent
    const lineHeight = size * 1.3
    for (const paragraph of pdfSafe(raw).split('\n')) {
      const lines: string[] = []
      let line = ''
      for (const word of paragraph.split(/ +/)) {
        let w = word
        while (font.widthOfTextAtSize(w, size) > width) {
          // Break a word that can never fit (a hash, a long file name).
          let n = w.length - 1
          while (n > 1 && font.widthOfTextAtSize(w.slice(0, n), size) > width) n--
          if (line) lines.push(line)
          lines.push(w.slice(0, n))
          line = ''
          w = w.slice(n)
        }
        const candidate = line ? `${line} ${w}` : w
        if (font.widthOfTextAtSize(candidate, size) > width && line) {
          lines.push(line)
          line = w
        } else line = candidate
      }
      lines.push(line)
      for (const l of lines) {
        this.ensure(lineHeight)
        this.y -= lineHeight
        this.page.drawText(l, { x: MARGIN + indent, y: this.y + size * 0.25, size, font, color: rgb(...(style.color ?? [0.1, 0.1, 0.12])) })
      }
    }
    this.y -= style.gapAfter ?? 2
  }

  heading(text: string, level: 1 | 2 | 3 = 2) {
    const size = level === 1 ? 20 : level === 2 ? 14 : 11
    this.ensure(size * 3)
    this.y -= level === 1 ? 0 : size * 0.6
    this.text(text, { font: 'bold', size, gapAfter: level === 3 ? 2 : 6 })
    if (level === 2) {
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 3 }, end: { x: A4.width - MARGIN, y: this.y + 3 }, thickness: 0.7, color: rgb(0.75, 0.78, 0.82) })
      this.y -= 4
    }
  }

  /** "Label: value" with the label in bold on its own start. */
  field(label: string, value: string, style: PdfStyle = {}) {
    this.text(`${label}: ${value}`, { size: 10, ...style })
  }

  footer(left: string) {
    const font = this.fonts.regular
    this.pages.forEach((p, i) => {
      const right = `Page ${i + 1} of ${this.pages.length}`
      p.drawText(pdfSafe(left), { x: MARGIN, y: MARGIN - 10, size: 8, font, color: rgb(0.35, 0.38, 0.42) })
      p.drawText(right, { x: A4.width - MARGIN - font.widthOfTextAtSize(right, 8), y: MARGIN - 10, size: 8, font, color: rgb(0.35, 0.38, 0.42) })
    })
  }
}

/** A writer on a new document with the four standard fonts embedded. */
export async function createPdfWriter(): Promise<PdfWriter> {
  const doc = await PDFDocument.create()
  return new PdfWriter(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
    mono: await doc.embedFont(StandardFonts.Courier),
  })
}
