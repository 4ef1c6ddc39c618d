import { PNG } from 'pngjs'

/**
 * Synthetic radiographs for the reference case (generated, deterministic):
 * a lateral thorax and a rib-cage close-up, each showing a small, sharp,
 * radio-opaque fragment between two ribs.
 */
type View = 'lateral-thorax' | 'rib-closeup'

function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function renderXray(view: View, width = 640, height = 480): Buffer {
  const png = new PNG({ width, height })
  const rand = rng(view === 'lateral-thorax' ? 14 : 41)
  const zoom = view === 'rib-closeup' ? 2.1 : 1
  // Centre of the scene; the close-up is centred on the fragment.
  const fx = 0.58
  const fy = 0.47
  const cx = view === 'rib-closeup' ? fx : 0.5
  const cy = view === 'rib-closeup' ? fy : 0.5

  const density = (u: number, v: number): number => {
    // u, v in scene coordinates (0..1 across the lateral thorax)
    let d = 0.06
    // body silhouette (soft tissue)
    const bx = (u - 0.5) / 0.46
    const by = (v - 0.52) / 0.34
    const body = bx * bx + by * by
    if (body < 1) d += 0.22 * (1 - body * 0.35)
    // lungs: darker air-filled region
    const lx = (u - 0.52) / 0.3
    const ly = (v - 0.5) / 0.2
    if (lx * lx + ly * ly < 1) d -= 0.1
    // spine along the top
    if (v > 0.2 && v < 0.27 && u > 0.08 && u < 0.94) {
      const seg = ((u - 0.08) * 30) % 1
      d += seg < 0.82 ? 0.42 : 0.18
    }
    // ribs: arcs hanging from the spine
    for (let i = 0; i < 11; i++) {
      const rx = 0.2 + i * 0.058
      const t = (v - 0.26) / 0.5
      if (t < 0 || t > 1) continue
      const curve = rx + 0.07 * Math.sin(t * Math.PI * 0.9) - 0.02 * t
      const dist = Math.abs(u - curve)
      const w = 0.011 - 0.004 * t
      if (dist < w) d += 0.32 * (1 - dist / w) + 0.1
    }
    // heart shadow
    const hx = (u - 0.42) / 0.12
    const hy = (v - 0.6) / 0.14
    if (hx * hx + hy * hy < 1) d += 0.12
    // the fragment: jagged, very dense, between ribs 7 and 8
    const ax = (u - fx) * 260
    const ay = (v - fy) * 260
    const r = Math.hypot(ax, ay)
    const theta = Math.atan2(ay, ax)
    const jag = 2.3 + 0.9 * Math.sin(theta * 5) + 0.5 * Math.sin(theta * 11 + 1)
    if (r < jag) d = 0.98
    return d
  }

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = cx + (x / width - 0.5) / zoom
      const v = cy + (y / height - 0.5) / zoom
      const noise = (rand() - 0.5) * 0.05
      const g = Math.max(0, Math.min(1, density(u, v) + noise))
      const val = Math.round(g * 255)
      const idx = (width * y + x) << 2
      png.data[idx] = val
      png.data[idx + 1] = val
      png.data[idx + 2] = val
      png.data[idx + 3] = 255
    }
  }
  // Burn in a marker label box (L) as radiographs carry
  for (let y = 16; y < 40; y++) for (let x = 16; x < 22; x++) setWhite(png, x, y)
  for (let y = 34; y < 40; y++) for (let x = 16; x < 34; x++) setWhite(png, x, y)
  return PNG.sync.write(png)
}

function setWhite(png: PNG, x: number, y: number) {
  const idx = (png.width * y + x) << 2
  png.data[idx] = png.data[idx + 1] = png.data[idx + 2] = 235
}
