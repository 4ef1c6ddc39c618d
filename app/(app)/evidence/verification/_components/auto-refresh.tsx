'use client'

import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/** While a run is going on, re-renders the page from the server every few seconds (its progress is in the database). */
export function AutoRefresh({ everyMs = 2000 }: { everyMs?: number }) {
  const router = useRouter()
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs)
    return () => clearInterval(timer)
  }, [router, everyMs])
  return null
}
