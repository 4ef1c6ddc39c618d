import 'server-only'
import { readFile } from 'node:fs/promises'
import * as dicomNs from 'dicom-parser'
import sharp, { type Metadata, type Sharp } from 'sharp'
import type { AttachmentModality } from '@/lib/generated/prisma/enums'
import { UploadRefused } from './ingest'
import type { AcceptedType } from './sniff'

// dicom-parser is a UMD bundle: depending on the loader its API is the namespace or its default.
const dicomParser = ((dicomNs as unknown as { default?: typeof dicomNs }).default ?? dicomNs) as typeof dicomNs

/**
 * The most pixels an uploaded image (or a DICOM frame) may declare: 100
 * megapixels, e.g. 10 000 × 10 000. A digital radiograph is 3 000 × 3 000 at
 * most (9 MP); a phone photo 12–50 MP. Anything larger is refused before it is
 * decoded, so a small file declaring 30 000 × 30 000 (a decompression bomb)
 * never gets to allocate gigabytes.
 */
export const MAX_PIXELS = 100_000_000

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 320

export type Rendition = { bytes: Buffer; mediaType: 'image/jpeg' | 'image/png' }

export type DicomTags = {
  patientName: string | null
  patientId: string | null
  modality: string | null
  bodyPart: string | null
  viewPosition: string | null
  studyDate: string | null
  studyDescription: string | null
  institution: string | null
  rows: number | null
  columns: number | null
  bitsAllocated: number | null
  photometric: string | null
  transferSyntax: string | null
  /** Why there is no preview, when there is none. */
  previewNote: string | null
}

export type Inspection = {
  widthPx: number | null
  heightPx: number | null
  thumbnail: Rendition | null
  /** A browser-viewable rendering of a type the browser cannot show (DICOM). */
  preview: Rendition | null
  dicom: DicomTags | null
  /** Modality, view and body region read from the file (DICOM), used when the user gave none. */
  suggested: { modality: AttachmentModality | null; view: string | null; bodyRegion: string | null }
}

const SHARP_OPTIONS = { limitInputPixels: MAX_PIXELS, failOn: 'truncated' as const, sequentialRead: true }

function tooManyPixels(width: number, height: number): UploadRefused {
  const mp = Math.round((width * height) / 1_000_000)
  return new UploadRefused(422, `The image says it is ${width} × ${height} pixels (${mp} megapixels); the most we accept is ${MAX_PIXELS / 1_000_000} megapixels. Nothing was stored.`)
}

function thumbnailOf(input: Sharp): Promise<Buffer> {
  return input.rotate().resize({ width: THUMBNAIL_PX, height: THUMBNAIL_PX, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer()
}

const SHARP_FORMAT: Record<string, AcceptedType> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

/**
 * Decodes a JPEG, PNG or WebP: its dimensions from the header (refused over
 * MAX_PIXELS before any decoding), then a full decode into the thumbnail,
 * which fails on a truncated or corrupt file.
 */
async function inspectImage(tmpPath: string, mediaType: AcceptedType): Promise<Inspection> {
  let meta: Metadata
  try {
    // The header only (no pixels decoded), without the pixel limit so that a bomb is named as such below.
    meta = await sharp(tmpPath, { limitInputPixels: false }).metadata()
  } catch {
    throw new UploadRefused(422, 'This image is damaged and cannot be read. Export it again and upload the new file. Nothing was stored.')
  }
  if (!meta.width || !meta.height) throw new UploadRefused(422, 'This image has no size and cannot be read. Nothing was stored.')
  if (meta.width * meta.height > MAX_PIXELS) throw tooManyPixels(meta.width, meta.height)
  if (!meta.format || SHARP_FORMAT[meta.format] !== mediaType) throw new UploadRefused(422, 'This image is damaged and cannot be read. Nothing was stored.')
  let thumb: Buffer
  try {
    thumb = await thumbnailOf(sharp(tmpPath, SHARP_OPTIONS))
  } catch {
    throw new UploadRefused(422, 'This image is incomplete or damaged (the file may have been cut off while copying). Upload it again. Nothing was stored.')
  }
  const upright = (meta.orientation ?? 1) >= 5
  return {
    widthPx: upright ? meta.height : meta.width,
    heightPx: upright ? meta.width : meta.height,
    thumbnail: { bytes: thumb, mediaType: 'image/jpeg' },
    preview: null,
    dicom: null,
    suggested: { modality: null, view: null, bodyRegion: null },
  }
}

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'])

const DICOM_MODALITY: Record<string, AttachmentModality> = { CR: 'XRAY', DX: 'XRAY', RF: 'XRAY', XA: 'XRAY', MG: 'XRAY', CT: 'CT', MR: 'MRI', US: 'ULTRASOUND', XC: 'PHOTO' }

function dicomDate(v: string | null): string | null {
  if (!v || !/^\d{8}$/.test(v)) return v
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`
}

/**
 * Renders the first frame of uncompressed monochrome pixel data to 8-bit
 * grey, applying the rescale and the file's window (or the frame's full
 * range when it has none). MONOCHROME1 is inverted so bone is white.
 */
function renderMonochrome(ds: dicomNs.DataSet, rows: number, columns: number): Buffer {
  const el = ds.elements.x7fe00010
  const bits = ds.uint16('x00280100') ?? 16
  const signed = ds.uint16('x00280103') === 1
  const bytesPer = bits / 8
  const count = rows * columns
  if (!el || el.length < count * bytesPer) throw new UploadRefused(422, 'This DICOM file is incomplete: its image data is shorter than its size says. Nothing was stored.')
  const bytes = ds.byteArray
  const view = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, count * bytesPer)
  const slope = ds.floatString('x00281053') ?? 1
  const intercept = ds.floatString('x00281052') ?? 0
  const values = new Float64Array(count)
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < count; i++) {
    const raw = bytesPer === 1 ? view.getUint8(i) : signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true)
    const v = raw * slope + intercept
    values[i] = v
    if (v < min) min = v
    if (v > max) max = v
  }
  let center = ds.floatString('x00281050')
  let width = ds.floatString('x00281051')
  if (center === undefined || width === undefined || !(width >= 1)) {
    center = (min + max) / 2
    width = Math.max(1, max - min)
  }
  const invert = ds.string('x00280004') === 'MONOCHROME1'
  const out = Buffer.alloc(count)
  const lo = center - 0.5 - (width - 1) / 2
  const span = Math.max(1, width - 1)
  for (let i = 0; i < count; i++) {
    const g = Math.min(255, Math.max(0, Math.round(((values[i]! - lo) / span) * 255)))
    out[i] = invert ? 255 - g : g
  }
  return out
}

/**
 * Parses a DICOM file's key tags and, for uncompressed monochrome pixel data
 * (8 or 16 bits, little-endian), renders a PNG preview and its thumbnail.
 * The file is read whole here (at most the upload limit, once the upload is
 * complete); the ingest itself never buffers it.
 */
async function inspectDicom(tmpPath: string): Promise<Inspection> {
  const file = await readFile(tmpPath)
  let ds: dicomNs.DataSet
  try {
    ds = dicomParser.parseDicom(new Uint8Array(file.buffer, file.byteOffset, file.byteLength))
  } catch {
    throw new UploadRefused(422, 'This DICOM file is damaged and cannot be read. Export it again from the imaging system. Nothing was stored.')
  }
  const str = (tag: string) => ds.string(tag)?.trim() || null
  const rows = ds.uint16('x00280010') ?? null
  const columns = ds.uint16('x00280011') ?? null
  const transferSyntax = str('x00020010')
  const photometric = str('x00280004')
  const bitsAllocated = ds.uint16('x00280100') ?? null
  const tags: DicomTags = {
    patientName: str('x00100010')?.replace(/\^+/g, ' ').trim() ?? null,
    patientId: str('x00100020'),
    modality: str('x00080060'),
    bodyPart: str('x00180015'),
    viewPosition: str('x00185101'),
    studyDate: dicomDate(str('x00080020')),
    studyDescription: str('x00081030'),
    institution: str('x00080080'),
    rows,
    columns,
    bitsAllocated,
    photometric,
    transferSyntax,
    previewNote: null,
  }
  if (rows && columns && rows * columns > MAX_PIXELS) throw tooManyPixels(columns, rows)
  let preview: Rendition | null = null
  let thumbnail: Rendition | null = null
  const samples = ds.uint16('x00280002') ?? 1
  if (!ds.elements.x7fe00010) tags.previewNote = 'The file has no image data.'
  else if (!rows || !columns) tags.previewNote = 'The file does not say its image size.'
  else if (!transferSyntax || !UNCOMPRESSED.has(transferSyntax)) tags.previewNote = `The image is compressed (transfer syntax ${transferSyntax ?? 'unknown'}); download the file to view it in a DICOM viewer.`
  else if (samples !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) tags.previewNote = `Only greyscale images get a preview (this one is ${photometric ?? 'unknown'}).`
  else if (bitsAllocated !== 8 && bitsAllocated !== 16) tags.previewNote = `Only 8- and 16-bit images get a preview (this one has ${bitsAllocated ?? 'unknown'}).`
  else {
    const grey = renderMonochrome(ds, rows, columns)
    const raw = { raw: { width: columns, height: rows, channels: 1 as const } }
    preview = { bytes: await sharp(grey, raw).toColourspace('b-w').png().toBuffer(), mediaType: 'image/png' }
    thumbnail = { bytes: await thumbnailOf(sharp(grey, raw)), mediaType: 'image/jpeg' }
  }
  return {
    widthPx: columns,
    heightPx: rows,
    thumbnail,
    preview,
    dicom: tags,
    suggested: {
      modality: (tags.modality && DICOM_MODALITY[tags.modality]) || null,
      view: tags.viewPosition,
      bodyRegion: tags.bodyPart ? tags.bodyPart.toLowerCase() : null,
    },
  }
}

/** Decodes what was uploaded (images, DICOM); a PDF is stored as it is, without a thumbnail. */
export async function inspectUpload(tmpPath: string, mediaType: AcceptedType): Promise<Inspection> {
  if (mediaType === 'application/dicom') return inspectDicom(tmpPath)
  if (mediaType === 'application/pdf') {
    return { widthPx: null, heightPx: null, thumbnail: null, preview: null, dicom: null, suggested: { modality: 'DOCUMENT', view: null, bodyRegion: null } }
  }
  return inspectImage(tmpPath, mediaType)
}
