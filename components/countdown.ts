'use client'
// Seconds left before another code may be asked for; ticks once a second down to 0.
import { useEffect, useState } from 'react'

export function useCountdown(initial = 0): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(initial)
  useEffect(() => {
    if (left <= 0) return
    const t = setTimeout(() => setLeft((s) => Math.max(0, s - 1)), 1000)
    return () => clearTimeout(t)
  }, [left])
  return [left, setLeft]
}
