'use client'
// The renderer of /docs: Scalar's API reference (@scalar/api-reference, pinned in package.json),
// bundled by Next from node_modules, so its script and styles come from this app's origin.
// Everything that would reach Scalar's own services or another origin is switched off here
// (lib/openapi/README.md lists what was checked): its fonts (fonts.scalar.com), the "Agent" AI
// chat (on by default when the page is on localhost), the MCP button, the developer toolbar (shown
// on localhost; it links to Scalar's share/deploy services) and the PostHog telemetry flag.
import { useEffect, useRef } from 'react'
import type { OpenApiDocument } from '@/lib/openapi/build'
import '@scalar/api-reference/style.css'

// Vue (inside Scalar) reads these compile-time flags at run time when the bundler does not define
// them; unset, it warns on the console. The same values as Scalar's own React wrapper.
const flags = globalThis as Record<string, unknown>
flags.__VUE_OPTIONS_API__ = true
flags.__VUE_PROD_HYDRATION_MISMATCH_DETAILS__ = false
flags.__VUE_PROD_DEVTOOLS__ = false

export default function Reference({ document, name }: { document: OpenApiDocument; name: string }) {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const target = el.current
    if (!target) return
    let destroy: (() => void) | undefined
    let cancelled = false
    // Loaded here, not at the top: Scalar (Vue) runs in the browser only.
    void import('@scalar/api-reference').then(({ createApiReference }) => {
      if (cancelled) return
      const app = createApiReference(target, {
        content: document,
        slug: name,
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: 'never',
        hideDarkModeToggle: true,
        forceDarkModeState: 'light',
        // Our own link to /openapi/<name>.json sits above the reference.
        documentDownloadType: 'none',
        // The sidebar and headings show the method and path an integrator searches for.
        operationTitleSource: 'path',
        defaultOpenAllTags: true,
      })
      destroy = () => app.destroy()
    })
    return () => {
      cancelled = true
      destroy?.()
    }
  }, [document, name])
  return <div ref={el} data-testid="api-reference" />
}
