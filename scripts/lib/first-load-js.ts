/**
 * First-load JavaScript of a page: every script its HTML loads, fetched and
 * gzipped at level 9 (issue 10's measure). Scripts marked `nomodule` are left
 * out: browsers that run ES modules (every browser the app supports) skip
 * them, so they are never part of what a user downloads.
 */
import { gzipSync } from 'node:zlib'

export type FirstLoad = { kb: number; files: number; scripts: Array<{ src: string; gzip_bytes: number }> }

/** The `src` of every `<script>` in the HTML that a module-capable browser loads (no `nomodule`), in order, deduplicated. */
export function loadedScripts(html: string): string[] {
  const srcs: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1]!
    if (/(?:^|\s)nomodule(?:[\s=]|$)/i.test(attrs)) continue
    const src = /(?:^|\s)src="([^"]+)"/i.exec(attrs)?.[1]
    if (!src || !/\.js(?:[?#]|$)/.test(src.replace(/&amp;/g, '&'))) continue
    const clean = src.replace(/&amp;/g, '&')
    if (!srcs.includes(clean)) srcs.push(clean)
  }
  return srcs
}

/** Fetches the page with the cookie and sums the gzipped size of the scripts it loads; null unless it answers 200. */
export async function firstLoadJs(baseURL: string, cookie: string, p: string, cache = new Map<string, number>()): Promise<FirstLoad | null> {
  const res = await fetch(`${baseURL}${p}`, { headers: { cookie }, redirect: 'manual' })
  const body = await res.text()
  if (res.status !== 200) return null
  const scripts: FirstLoad['scripts'] = []
  for (const src of loadedScripts(body)) {
    if (!cache.has(src)) {
      const r = await fetch(new URL(src, baseURL))
      cache.set(src, gzipSync(Buffer.from(await r.arrayBuffer()), { level: 9 }).length)
    }
    scripts.push({ src, gzip_bytes: cache.get(src)! })
  }
  const bytes = scripts.reduce((n, s) => n + s.gzip_bytes, 0)
  return { kb: Number((bytes / 1024).toFixed(1)), files: scripts.length, scripts }
}
