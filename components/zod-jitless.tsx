'use client'
// zod (our forms' schemas, and Scalar's on /docs: one copy in the bundle) probes once whether it
// may compile parsers with `new Function`. Under the pages' Content-Security-Policy (no
// 'unsafe-eval', lib/http/security-headers.ts) the probe is refused and reported as a violation on
// every page. In the browser zod is told not to try; the server keeps its compiled parsers.
import { z } from 'zod'

if (typeof window !== 'undefined') z.config({ jitless: true })

export function ZodJitless() {
  return null
}
