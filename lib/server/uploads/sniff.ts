import 'server-only'
import { fileTypeFromBuffer } from 'file-type'

/** The types we store. Everything else is refused, named by what it was detected as. */
export type AcceptedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/dicom' | 'application/pdf'

export type Sniffed = { accepted: true; mediaType: AcceptedType; ext: string } | { accepted: false; detected: string }

/** A DICOM Part 10 file: a 128-byte preamble, then "DICM". */
export function isDicom(head: Uint8Array): boolean {
  return head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d
}

/** Names file-type's answers in an officer's words. */
const NAMES: Record<string, string> = {
  zip: 'a ZIP archive', rar: 'a RAR archive', '7z': 'a 7-Zip archive', gz: 'a gzip archive', tar: 'a tar archive', bz2: 'a bzip2 archive', xz: 'an xz archive',
  exe: 'a Windows program (.exe)', elf: 'a Linux program (ELF)', macho: 'a macOS program', msi: 'a Windows installer', dmg: 'a disk image',
  pdf: 'a PDF document', gif: 'a GIF image', bmp: 'a BMP image', tif: 'a TIFF image', heic: 'a HEIC photo', avif: 'an AVIF image', ico: 'an icon file',
  docx: 'a Word document', xlsx: 'an Excel workbook', pptx: 'a PowerPoint file', doc: 'a Word document', xls: 'an Excel workbook',
  mp4: 'a video', mov: 'a video', webm: 'a video', mp3: 'an audio file', wav: 'an audio file', apk: 'an Android app', jar: 'a Java archive',
}

/** Text formats file-type leaves alone, recognised by their first non-blank characters. */
function sniffText(head: Uint8Array): string | null {
  const text = Buffer.from(head.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase()
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg|<svg[\s>])/.test(text) || text.includes('<svg')) return 'an SVG image (SVG can carry scripts)'
  if (/^(<!doctype html|<html|<head|<body|<script|<iframe)/.test(text)) return 'an HTML page'
  if (text.startsWith('<?xml')) return 'an XML document'
  if (text.startsWith('#!')) return 'a script'
  if (text.startsWith('{') || text.startsWith('[')) return 'a JSON or text file'
  return null
}

/**
 * The type from the bytes, never from the name or the Content-Type header.
 * JPEG, PNG, WebP and DICOM are accepted; PDF only where `allowPdf` (a lab
 * report). Everything else is refused with what it looks like.
 */
export async function sniffType(head: Uint8Array, { allowPdf }: { allowPdf: boolean }): Promise<Sniffed> {
  if (isDicom(head)) return { accepted: true, mediaType: 'application/dicom', ext: 'dcm' }
  const found = await fileTypeFromBuffer(head)
  if (!found || /xml|html|svg/.test(found.mime)) {
    const text = sniffText(head)
    if (text) return { accepted: false, detected: text }
    if (!found) return { accepted: false, detected: 'a file of a type we do not recognise' }
  }
  switch (found.mime) {
    case 'image/jpeg':
      return { accepted: true, mediaType: 'image/jpeg', ext: 'jpg' }
    case 'image/png':
      return { accepted: true, mediaType: 'image/png', ext: 'png' }
    case 'image/webp':
      return { accepted: true, mediaType: 'image/webp', ext: 'webp' }
    case 'application/pdf':
      if (allowPdf) return { accepted: true, mediaType: 'application/pdf', ext: 'pdf' }
      return { accepted: false, detected: 'a PDF document (PDFs are accepted only as a lab report)' }
  }
  return { accepted: false, detected: NAMES[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime})` }
}

/**
 * A name safe to store and to send in Content-Disposition: no folders, no
 * control or shell characters, at most 120 characters, and the extension of
 * the type actually detected (a PNG called "x.jpg" is stored as "x.png").
 */
export function safeFileName(claimed: string, ext: string): string {
  const base = claimed.split(/[\\/]/).pop() ?? ''
  const stem = base
    .normalize('NFKC')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[ ._-]+|[ ._-]+$/g, '')
    .slice(0, 120)
  return `${stem || 'file'}.${ext}`
}
