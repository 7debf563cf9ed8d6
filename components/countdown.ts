'use client'
// Seconds left before another code may be asked for; ticks once a second down to 0. With a `key`
// (purpose, channel and target), the deadline is kept in sessionStorage, so a reload of the page
// shows the time still to wait rather than starting over (or forgetting it).
import { useCallback, useEffect, useState } from 'react'

const STORAGE_PREFIX = 'code-resend:'

function storedLeft(key: string): number {
  try {
    const deadline = Number(sessionStorage.getItem(STORAGE_PREFIX + key))
    return deadline > 0 ? Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) : 0
  } catch {
    return 0 // storage refused (a privacy mode): the page's own count still works
  }
}

/** Remembers that a code was sent to `key` and may be asked for again in `seconds`. */
export function rememberResendDeadline(key: string, seconds: number): void {
  try {
    sessionStorage.setItem(STORAGE_PREFIX + key, String(Date.now() + seconds * 1000))
  } catch {
    // as above
  }
}

export function useCountdown(initial = 0, key?: string): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(initial)
  // After hydration (the server knows no storage), read on the next tick: the remembered deadline, when it is later.
  useEffect(() => {
    if (!key) return
    const t = setTimeout(() => {
      const remembered = storedLeft(key)
      if (remembered > 0) setLeft((s) => Math.max(s, remembered))
    }, 0)
    return () => clearTimeout(t)
  }, [key])
  useEffect(() => {
    if (left <= 0) return
    const t = setTimeout(() => setLeft((s) => Math.max(0, s - 1)), 1000)
    return () => clearTimeout(t)
  }, [left])
  const set = useCallback(
    (seconds: number) => {
      setLeft(seconds)
      if (key) rememberResendDeadline(key, seconds)
    },
    [key],
  )
  return [left, set]
}
