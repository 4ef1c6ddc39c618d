'use client'

import { useEffect, useEffectEvent, useState } from 'react'

export type SuggestionStatus = 'idle' | 'searching' | 'done' | 'error'

/**
 * Suggestions for what is being typed, for the comboboxes (the typed dog,
 * handler and person fields; the case-note mention picker): `GET url` a
 * moment after the last keystroke (`{ results: T[] }`), the request before it
 * cancelled. No url: nothing is fetched. `onResults` gets each answer.
 */
export function useSuggestions<T>(url: string | null, onResults: (results: T[]) => void, delayMs = 150): SuggestionStatus {
  const [status, setStatus] = useState<SuggestionStatus>('idle')
  const deliver = useEffectEvent(onResults)
  useEffect(() => {
    if (!url) return
    const controller = new AbortController()
    const timer = setTimeout(async () => {
      setStatus('searching')
      try {
        const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
        if (!res.ok) throw new Error(String(res.status))
        const body = (await res.json()) as { results: T[] }
        deliver(body.results)
        setStatus('done')
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setStatus('error')
      }
    }, delayMs)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [url, delayMs])
  return url ? status : 'idle'
}
