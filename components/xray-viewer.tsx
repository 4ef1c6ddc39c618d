'use client'

import { useCallback, useRef, useState } from 'react'

type Props = { src: string; alt: string; width?: number; height?: number }

const MIN_ZOOM = 1
const MAX_ZOOM = 8

/**
 * A radiograph viewer: zoom (buttons, wheel, + / − keys), pan (drag, arrow
 * keys), brightness and contrast (sliders), reset. The image is shown as the
 * server sends it; adjustments are CSS filters and never change the stored file.
 */
export function XrayViewer({ src, alt, width, height }: Props) {
  const [zoom, setZoom] = useState(1)
  const [pan, setPan] = useState({ x: 0, y: 0 })
  const [brightness, setBrightness] = useState(100)
  const [contrast, setContrast] = useState(100)
  const [invert, setInvert] = useState(false)
  const drag = useRef<{ x: number; y: number; px: number; py: number } | null>(null)

  const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100))
  const zoomBy = useCallback((factor: number) => {
    setZoom((z) => {
      const next = clampZoom(z * factor)
      if (next === 1) setPan({ x: 0, y: 0 })
      return next
    })
  }, [])
  const reset = () => {
    setZoom(1)
    setPan({ x: 0, y: 0 })
    setBrightness(100)
    setContrast(100)
    setInvert(false)
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = 40 / zoom
    if (e.key === '+' || e.key === '=') zoomBy(1.25)
    else if (e.key === '-') zoomBy(0.8)
    else if (e.key === 'ArrowLeft') setPan((p) => ({ ...p, x: p.x + step }))
    else if (e.key === 'ArrowRight') setPan((p) => ({ ...p, x: p.x - step }))
    else if (e.key === 'ArrowUp') setPan((p) => ({ ...p, y: p.y + step }))
    else if (e.key === 'ArrowDown') setPan((p) => ({ ...p, y: p.y - step }))
    else if (e.key === '0') reset()
    else return
    e.preventDefault()
  }

  const button = 'min-h-11 min-w-11 rounded-lg bg-slate-800 px-3 text-sm font-semibold text-white hover:bg-slate-700'
  return (
    <div className="rounded-lg bg-slate-950 p-2 text-slate-100">
      <div
        role="application"
        aria-roledescription="image viewer"
        aria-label={`${alt}. Zoom ${Math.round(zoom * 100)}%. Use plus and minus to zoom, arrow keys to pan, 0 to reset.`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onWheel={(e) => {
          if (e.ctrlKey || zoom > 1 || e.deltaY < 0) {
            e.preventDefault()
            zoomBy(e.deltaY < 0 ? 1.15 : 0.87)
          }
        }}
        onPointerDown={(e) => {
          if (zoom === 1) return
          e.currentTarget.setPointerCapture(e.pointerId)
          drag.current = { x: e.clientX, y: e.clientY, px: pan.x, py: pan.y }
        }}
        onPointerMove={(e) => {
          const d = drag.current
          if (!d) return
          setPan({ x: d.px + (e.clientX - d.x) / zoom, y: d.py + (e.clientY - d.y) / zoom })
        }}
        onPointerUp={() => {
          drag.current = null
        }}
        className={`relative aspect-[4/3] touch-none overflow-hidden rounded bg-black outline-none focus-visible:ring-2 focus-visible:ring-sky-400 ${zoom > 1 ? 'cursor-grab active:cursor-grabbing' : ''}`}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- uploaded images never go through next/image (STACK.md) */}
        <img
          src={src}
          alt={alt}
          width={width}
          height={height}
          draggable={false}
          className="h-full w-full select-none object-contain"
          style={{
            transform: `scale(${zoom}) translate(${pan.x}px, ${pan.y}px)`,
            filter: `brightness(${brightness}%) contrast(${contrast}%)${invert ? ' invert(1)' : ''}`,
          }}
        />
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={button} onClick={() => zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" className={button} onClick={() => zoomBy(0.8)} aria-label="Zoom out">−</button>
        <span className="w-14 text-center text-sm tabular-nums" aria-live="polite">{Math.round(zoom * 100)}%</span>
        <button type="button" className={button} onClick={() => setInvert((v) => !v)} aria-pressed={invert}>Invert</button>
        <button type="button" className={button} onClick={reset}>Reset</button>
      </div>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <label className="text-sm">
          Brightness <span className="tabular-nums">{brightness}%</span>
          <input type="range" min={20} max={300} value={brightness} onChange={(e) => setBrightness(Number(e.target.value))} className="block w-full accent-sky-400" />
        </label>
        <label className="text-sm">
          Contrast <span className="tabular-nums">{contrast}%</span>
          <input type="range" min={20} max={400} value={contrast} onChange={(e) => setContrast(Number(e.target.value))} className="block w-full accent-sky-400" />
        </label>
      </div>
    </div>
  )
}
