'use client'

import { useRouter } from 'next/navigation'
import { useId, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { INPUT_CLASS } from '@/components/ui/field'
import { MAX_UPLOAD_BYTES } from '@/lib/choices'
import type { UploadErrorBody, UploadOkBody, UploadTarget } from '@/lib/schemas/uploads'

const MODALITIES = [
  ['XRAY', 'X-ray'],
  ['CT', 'CT'],
  ['MRI', 'MRI'],
  ['ULTRASOUND', 'Ultrasound'],
  ['PHOTO', 'Photo'],
  ['DOCUMENT', 'Document'],
  ['OTHER', 'Other'],
] as const

type Props = {
  target: UploadTarget
  targetId: string
  /** Ask for modality, view, body region and capture time (medical imaging). */
  imaging?: boolean
  /** A lab report may be a PDF. */
  allowPdf?: boolean
  /** The submit button's words, e.g. "Upload image". */
  submitLabel?: string
}

type Errors = Partial<Record<'file' | 'description' | 'modality' | 'view' | 'bodyRegion' | 'capturedAt', string[]>>

/**
 * Uploads one file to POST /api/uploads as a raw body with XMLHttpRequest, so
 * the progress bar shows real bytes sent (fetch has no upload progress). The
 * server decides everything (type from the bytes, size, permission); its
 * message is shown next to the field it concerns, and the user's choices stay.
 */
export function UploadForm({ target, targetId, imaging = false, allowPdf = false, submitLabel = 'Upload' }: Props) {
  const router = useRouter()
  const uid = useId()
  const id = (name: string) => `${uid}-${name}`
  const fileRef = useRef<HTMLInputElement>(null)
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<UploadOkBody | null>(null)

  const accept = ['image/jpeg', 'image/png', 'image/webp', '.dcm', 'application/dicom', ...(allowPdf ? ['application/pdf'] : [])].join(',')
  const kinds = allowPdf ? 'JPEG, PNG, WebP, DICOM or PDF' : 'JPEG, PNG, WebP or DICOM'

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    if (busy) return
    const formEl = e.currentTarget
    const form = new FormData(formEl)
    const file = fileRef.current?.files?.[0]
    setDone(null)
    setFormError(null)
    if (!file) return setErrors({ file: ['Choose a file to upload.'] })
    if (file.size === 0) return setErrors({ file: ['The file is empty. Choose a file that has something in it.'] })
    if (file.size > MAX_UPLOAD_BYTES) return setErrors({ file: [`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, the most we accept.`] })
    setErrors({})

    const params = new URLSearchParams({ target, targetId, fileName: file.name })
    for (const name of ['description', 'modality', 'view', 'bodyRegion', 'capturedAt'] as const) {
      const value = String(form.get(name) ?? '').trim()
      if (!value) continue
      // datetime-local has no zone: send the instant the user meant, in their zone.
      params.set(name, name === 'capturedAt' ? new Date(value).toISOString() : value)
    }
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/uploads?${params}`)
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.responseType = 'json'
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setProgress(Math.round((ev.loaded / ev.total) * 100))
    }
    xhr.onload = () => {
      setBusy(false)
      const body = xhr.response as (UploadOkBody & UploadErrorBody) | null
      if ((xhr.status === 201 || xhr.status === 200) && body?.sha256) {
        setProgress(100)
        setDone(body)
        formEl.reset()
        router.refresh()
        return
      }
      setProgress(null)
      const fieldErrors = (body?.fieldErrors ?? {}) as Errors
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors)
      else if (xhr.status === 413) setErrors({ file: [body?.error ?? 'The file is too large.'] })
      else setFormError(body?.error ?? (xhr.status === 401 ? 'Your session has ended. Sign in again in another tab, then upload again.' : `The upload failed (${xhr.status}). Try again.`))
    }
    xhr.onerror = () => {
      setBusy(false)
      setProgress(null)
      setFormError('The connection dropped before the upload finished. Nothing was stored; try again.')
    }
    setBusy(true)
    setProgress(0)
    xhr.send(file)
  }

  const describedBy = (name: keyof Errors, hint?: boolean) => [hint ? id(`${name}-hint`) : null, errors[name]?.length ? id(`${name}-error`) : null].filter(Boolean).join(' ') || undefined
  const error = (name: keyof Errors) =>
    errors[name]?.length ? (
      <p id={id(`${name}-error`)} className="text-sm font-medium text-red-700">
        {errors[name]!.join(' ')}
      </p>
    ) : null
  const label = (name: string, text: string, required = false) => (
    <label htmlFor={id(name)} className="block text-sm font-medium text-slate-800">
      {text}
      {required ? <span className="text-red-700"> *</span> : null}
    </label>
  )

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-busy={busy}>
      <div className="space-y-1">
        {label('file', 'File', true)}
        <input
          ref={fileRef}
          id={id('file')}
          name="file"
          type="file"
          accept={accept}
          required
          aria-invalid={Boolean(errors.file?.length)}
          aria-describedby={describedBy('file', true)}
          onChange={() => {
            setErrors((prev) => ({ ...prev, file: undefined }))
            setDone(null)
            setProgress(null)
          }}
          className="block w-full text-sm text-slate-700 file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-slate-100 file:px-4 file:text-sm file:font-semibold file:text-slate-800 hover:file:bg-slate-200"
        />
        <p id={id('file-hint')} className="text-xs text-slate-500">
          {kinds}, up to {MAX_UPLOAD_BYTES / 1024 / 1024} MB. The type is checked from the file itself.
        </p>
        {error('file')}
      </div>
      <div className="space-y-1">
        {label('description', 'Description')}
        <input id={id('description')} name="description" maxLength={1000} className={INPUT_CLASS} aria-invalid={Boolean(errors.description?.length)} aria-describedby={describedBy('description')} />
        {error('description')}
      </div>
      {imaging ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            {label('modality', 'Modality')}
            <select id={id('modality')} name="modality" defaultValue="" className={INPUT_CLASS} aria-invalid={Boolean(errors.modality?.length)} aria-describedby={describedBy('modality')}>
              <option value="">—</option>
              {MODALITIES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            {error('modality')}
          </div>
          <div className="space-y-1">
            {label('view', 'View')}
            <input id={id('view')} name="view" maxLength={100} placeholder="e.g. right lateral" className={INPUT_CLASS} aria-invalid={Boolean(errors.view?.length)} aria-describedby={describedBy('view')} />
            {error('view')}
          </div>
          <div className="space-y-1">
            {label('bodyRegion', 'Body region')}
            <input id={id('bodyRegion')} name="bodyRegion" maxLength={100} placeholder="e.g. thorax" className={INPUT_CLASS} aria-invalid={Boolean(errors.bodyRegion?.length)} aria-describedby={describedBy('bodyRegion')} />
            {error('bodyRegion')}
          </div>
          <div className="space-y-1">
            {label('capturedAt', 'Taken at')}
            <input id={id('capturedAt')} name="capturedAt" type="datetime-local" className={INPUT_CLASS} aria-invalid={Boolean(errors.capturedAt?.length)} aria-describedby={describedBy('capturedAt')} />
            {error('capturedAt')}
          </div>
        </div>
      ) : null}
      {progress !== null ? (
        <div className="flex items-center gap-3">
          <progress id={id('progress')} max={100} value={progress} aria-label="Upload progress" className="h-2 flex-1 accent-brand-700" />
          <span className="w-12 text-right text-sm tabular-nums text-slate-700" aria-live="polite">
            {progress} %
          </span>
        </div>
      ) : null}
      {busy && progress === 100 ? <p className="text-sm text-slate-600">Checking the file…</p> : null}
      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {formError}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Uploaded {done.fileName}. SHA-256 <span className="break-all font-mono text-xs">{done.sha256}</span>
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? 'Uploading…' : submitLabel}
      </Button>
    </form>
  )
}
