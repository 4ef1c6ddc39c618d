import 'server-only'
import bwipjs from 'bwip-js/node'

/**
 * Printable 1D barcodes (Code 128) for evidence labels and storage-location
 * labels, rendered to SVG on the server by bwip-js (decision 010). A Code 128
 * barcode carries the short human number (EV-2026-000123, a location code),
 * not a URL: a handheld scanner types it into the "Scan a label" page, which
 * opens the item or the location. The QR code beside it carries the URL.
 */

/** Code 128 encodes ASCII 32–126 here (our numbers and codes); anything else is a programming error. */
const PRINTABLE_ASCII = /^[\x20-\x7e]{1,80}$/

export type Barcode = { symbology: 'code128'; text: string; svg: string; dataUrl: string }

export function code128(text: string): Barcode {
  if (!PRINTABLE_ASCII.test(text)) throw new Error('A Code 128 label takes 1–80 printable ASCII characters.')
  const svg = bwipjs.toSVG({ bcid: 'code128', text, scale: 2, height: 12, includetext: true, textxalign: 'center', paddingwidth: 10, paddingheight: 2, backgroundcolor: 'FFFFFF' })
  return { symbology: 'code128', text, svg, dataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
}
