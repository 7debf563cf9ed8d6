'use client'
// One live region for the whole dashboard: every action's result is announced here and focused, so
// the result stays readable even when the form that sent it is gone (a revoked session's row, a
// deleted role). A new page clears it: no stale result from another screen.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import { usePathname } from 'next/navigation'
import type { AdminActionState } from '@/lib/admin/action-state'
import { useAdminText } from '@/lib/admin/text'

const AnnounceContext = createContext<(state: AdminActionState) => void>(() => {})

export const useAnnounce = () => useContext(AnnounceContext)

export function Announcer({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ result: AdminActionState; n: number; path: string }>({ result: null, n: 0, path: '' })
  const ref = useRef<HTMLDivElement>(null)
  const path = usePathname()
  const text = useAdminText()
  const announce = useCallback((result: AdminActionState) => setState((s) => ({ result, n: s.n + 1, path })), [path])
  useEffect(() => {
    if (state.result) ref.current?.focus()
  }, [state.n, state.result])
  const result = state.path === path ? state.result : null
  return (
    <AnnounceContext.Provider value={announce}>
      <div
        ref={ref}
        tabIndex={-1}
        id="admin-result"
        data-testid="admin-result"
        role={result && !result.ok ? 'alert' : 'status'}
        aria-live={result && !result.ok ? 'assertive' : 'polite'}
        className="outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        {result ? (
          <p
            className={`mb-4 rounded-md border px-3 py-2 text-sm ${result.ok ? 'border-green-300 bg-green-50 text-green-900' : 'border-red-300 bg-red-50 text-red-800'}`}
          >
            {text(result)}
          </p>
        ) : null}
      </div>
      {children}
    </AnnounceContext.Provider>
  )
}
