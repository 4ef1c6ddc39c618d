'use client'

import { Link } from '@/components/ui/link'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

type Node = { id: string; kind: string; label: string; sublabel: string | null; href: string | null; linked: boolean; restricted: boolean; x: number; y: number }
type Edge = { from: string; to: string; label: string; linked: boolean }

const COLORS: Record<string, { fill: string; stroke: string }> = {
  investigation: { fill: '#0f172a', stroke: '#0f172a' },
  incident: { fill: '#2563eb', stroke: '#1d4ed8' },
  deployment: { fill: '#d97706', stroke: '#b45309' },
  dog: { fill: '#7c3aed', stroke: '#6d28d9' },
  handler: { fill: '#0891b2', stroke: '#0e7490' },
  medical: { fill: '#dc2626', stroke: '#b91c1c' },
  attachment: { fill: '#db2777', stroke: '#be185d' },
  evidence: { fill: '#059669', stroke: '#047857' },
  lab: { fill: '#0d9488', stroke: '#0f766e' },
}

const KIND_LABEL: Record<string, string> = {
  investigation: 'Investigation',
  incident: 'Incident',
  deployment: 'Deployment',
  dog: 'Dog',
  handler: 'Handler',
  medical: 'Medical record',
  attachment: 'Image / file',
  evidence: 'Evidence item',
  lab: 'Lab result',
}

const PAD = 140

/**
 * The investigation's records and relations as an SVG graph: drag to pan,
 * wheel or the buttons to zoom, click a record to open it. Loaded only on the
 * graph page. (No inline styles: the Content-Security-Policy forbids them.)
 */
export function InvestigationGraph({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) {
  const box = useMemo(() => {
    const xs = nodes.map((n) => n.x)
    const ys = nodes.map((n) => n.y)
    const minX = Math.min(...xs) - PAD
    const minY = Math.min(...ys) - PAD
    return { minX, minY, width: Math.max(...xs) + PAD - minX, height: Math.max(...ys) + PAD - minY }
  }, [nodes])
  const [view, setView] = useState({ x: 0, y: 0, k: 1 })
  const svg = useRef<SVGSVGElement>(null)
  const drag = useRef<{ px: number; py: number; moved: number } | null>(null)
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes])

  /** Screen pixels → graph units. */
  const unitsPerPixel = useCallback(() => {
    const rect = svg.current?.getBoundingClientRect()
    if (!rect || rect.width === 0) return 1
    return Math.max(box.width / rect.width, box.height / rect.height)
  }, [box])

  const zoomAt = useCallback(
    (factor: number, cx = box.minX + box.width / 2, cy = box.minY + box.height / 2) =>
      setView((v) => {
        const k = Math.min(4, Math.max(0.3, v.k * factor))
        const f = k / v.k
        // Keep the graph point under (cx, cy) where it is.
        return { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f }
      }),
    [box],
  )

  useEffect(() => {
    const el = svg.current
    if (!el) return
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const rect = el.getBoundingClientRect()
      const u = unitsPerPixel()
      const cx = box.minX + (e.clientX - rect.left) * u - (rect.width * u - box.width) / 2
      const cy = box.minY + (e.clientY - rect.top) * u - (rect.height * u - box.height) / 2
      zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, cx, cy)
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [box, unitsPerPixel, zoomAt])

  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    drag.current = { px: e.clientX, py: e.clientY, moved: 0 }
  }
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const d = drag.current
    if (!d || (e.buttons & 1) === 0) return
    const u = unitsPerPixel()
    const dx = (e.clientX - d.px) * u
    const dy = (e.clientY - d.py) * u
    d.moved += Math.abs(e.clientX - d.px) + Math.abs(e.clientY - d.py)
    d.px = e.clientX
    d.py = e.clientY
    if (d.moved > 4 && !svg.current?.hasPointerCapture(e.pointerId)) svg.current?.setPointerCapture(e.pointerId)
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }))
  }
  const endDrag = () => {
    // Keep `moved` until the click that follows, so a drag never opens a record.
    setTimeout(() => (drag.current = null), 0)
  }
  const onClickCapture = (e: React.MouseEvent) => {
    if (drag.current && drag.current.moved > 4) {
      e.preventDefault()
      e.stopPropagation()
    }
  }

  const pan = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }))

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2" role="toolbar" aria-label="Graph view">
        <button type="button" className="min-h-11 min-w-11 rounded-lg px-3 text-sm font-semibold ring-1 ring-inset ring-slate-300 hover:bg-slate-50" onClick={() => zoomAt(1.25)} aria-label="Zoom in">+</button>
        <button type="button" className="min-h-11 min-w-11 rounded-lg px-3 text-sm font-semibold ring-1 ring-inset ring-slate-300 hover:bg-slate-50" onClick={() => zoomAt(0.8)} aria-label="Zoom out">−</button>
        <button type="button" className="min-h-11 rounded-lg px-3 text-sm font-semibold ring-1 ring-inset ring-slate-300 hover:bg-slate-50" onClick={() => setView({ x: 0, y: 0, k: 1 })}>Reset view</button>
        <span className="text-sm text-slate-600">Drag to move, scroll to zoom, click a record to open it.</span>
      </div>
      <svg
        ref={svg}
        viewBox={`${box.minX} ${box.minY} ${box.width} ${box.height}`}
        className="h-[70vh] min-h-[28rem] w-full cursor-grab touch-none select-none rounded-xl border border-slate-200 bg-white active:cursor-grabbing"
        role="group"
        aria-label={`Graph of ${nodes.length} records and ${edges.length} relations`}
        tabIndex={0}
        onKeyDown={(e) => {
          const step = 40 / view.k
          if (e.key === 'ArrowLeft') pan(step, 0)
          else if (e.key === 'ArrowRight') pan(-step, 0)
          else if (e.key === 'ArrowUp') pan(0, step)
          else if (e.key === 'ArrowDown') pan(0, -step)
          else if (e.key === '+' || e.key === '=') zoomAt(1.25)
          else if (e.key === '-') zoomAt(0.8)
          else return
          e.preventDefault()
        }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onClickCapture={onClickCapture}
      >
        <g transform={`translate(${view.x} ${view.y}) scale(${view.k})`}>
          {edges.map((e) => {
            const a = byId.get(e.from)
            const b = byId.get(e.to)
            if (!a || !b) return null
            return (
              <g key={`${e.from}-${e.to}`}>
                <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={e.linked ? '#64748b' : '#cbd5e1'} strokeWidth={e.linked ? 2 : 1.5} strokeDasharray={e.linked ? undefined : '6 4'} />
                <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 4} textAnchor="middle" fontSize="12" fill="#475569" paintOrder="stroke" stroke="#ffffff" strokeWidth="4">
                  {e.label}
                </text>
              </g>
            )
          })}
          {nodes.map((n) => {
            const c = COLORS[n.kind] ?? COLORS.investigation!
            const r = n.kind === 'investigation' ? 30 : n.linked ? 20 : 14
            const body = (
              <>
                <title>{`${KIND_LABEL[n.kind] ?? n.kind}: ${n.label}${n.sublabel ? ` — ${n.sublabel}` : ''}${n.linked ? '' : ' (not linked; shown because a linked record refers to it)'}`}</title>
                <circle cx={n.x} cy={n.y} r={r} fill={n.linked ? c.fill : '#ffffff'} stroke={c.stroke} strokeWidth={n.linked ? 2 : 2.5} strokeDasharray={n.linked ? undefined : '4 3'} />
                <text x={n.x} y={n.y + r + 16} textAnchor="middle" fontSize="14" fontWeight="600" fill={n.href ? '#1e3a8a' : '#0f172a'} paintOrder="stroke" stroke="#ffffff" strokeWidth="4">
                  {n.label}
                </text>
                {n.sublabel ? (
                  <text x={n.x} y={n.y + r + 32} textAnchor="middle" fontSize="12" fill={n.restricted ? '#64748b' : '#475569'} paintOrder="stroke" stroke="#ffffff" strokeWidth="4">
                    {n.sublabel}
                  </text>
                ) : null}
              </>
            )
            return n.href ? (
              <Link key={n.id} href={n.href} className="focus:outline-none [&:focus-visible>circle]:stroke-[5]">
                {body}
              </Link>
            ) : (
              <g key={n.id}>{body}</g>
            )
          })}
        </g>
      </svg>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
        {Object.entries(KIND_LABEL).filter(([k]) => nodes.some((n) => n.kind === k)).map(([k, label]) => (
          <li key={k} className="inline-flex items-center gap-1">
            <svg aria-hidden viewBox="0 0 10 10" className="size-3"><circle cx="5" cy="5" r="4" fill={COLORS[k]?.fill} /></svg>
            {label}
          </li>
        ))}
        <li className="inline-flex items-center gap-1">
          <svg aria-hidden viewBox="0 0 10 10" className="size-3"><circle cx="5" cy="5" r="4" fill="#fff" stroke="#64748b" strokeDasharray="2 1" /></svg>
          Not linked (referred to by a linked record)
        </li>
      </ul>
    </div>
  )
}
