'use client'
// The captcha the send-code forms show once the server asks for one (#21 item 5, lib/auth/captcha.ts):
// ALTCHA's widget (proof of work in a Web Worker, no third party), imported on the client only. It
// fetches a challenge from /api/captcha; solving it gives a payload the form sends with its next
// code request. The widget writes its own <style>: it takes the page's nonce from a csp-nonce meta
// element, made here from the nonce Next put on its scripts (the page policy allows nothing else).
import { useCallback, useEffect, useRef, useState } from 'react'
import { useLocale } from 'next-intl'
import type {} from 'altcha/types/react'

function shareNonce(): void {
  if (document.querySelector('meta[name="csp-nonce"]')) return
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce
  if (!nonce) return
  const meta = document.createElement('meta')
  meta.name = 'csp-nonce'
  meta.content = nonce
  document.head.append(meta)
}

function Captcha({ onPayload }: { onPayload: (payload: string | undefined) => void }) {
  const ref = useRef<HTMLElement>(null)
  const [loaded, setLoaded] = useState(false)
  // The widget's own words follow the page: its Simplified Chinese strings are a module of their own.
  const language = useLocale() === 'zh-CN' ? 'zh-cn' : 'en'
  useEffect(() => {
    let live = true
    shareNonce()
    void import('altcha')
      // @ts-expect-error altcha ships the language modules without their .d.ts (they only register strings)
      .then(() => (language === 'zh-cn' ? import('altcha/i18n/zh-cn') : undefined))
      .then(() => {
        if (live) setLoaded(true)
      })
    return () => {
      live = false
    }
  }, [language])
  useEffect(() => {
    const el = ref.current
    if (!el || !loaded) return
    const verified = (e: Event) => onPayload((e as CustomEvent<{ payload?: string }>).detail?.payload)
    const expired = () => onPayload(undefined)
    el.addEventListener('verified', verified)
    el.addEventListener('expired', expired)
    return () => {
      el.removeEventListener('verified', verified)
      el.removeEventListener('expired', expired)
    }
  }, [loaded, onPayload])
  return (
    <div data-testid="captcha">
      <altcha-widget ref={ref} challenge="/api/captcha" name="altcha" language={language} suppressHydrationWarning />
    </div>
  )
}

type SendResult = { ok: boolean; kind?: string }

/**
 * For a form that sends codes: `payload` goes with the next send; `after(result)` after each send
 * (a payload is spent by any send; the server's `captcha_required` shows the widget, afresh each
 * time); `widget` is rendered where the form shows it (nothing until the server asked).
 */
export function useCaptcha() {
  const [shown, setShown] = useState(false)
  const [round, setRound] = useState(0)
  const [payload, setPayload] = useState<string>()
  const after = useCallback((res: SendResult) => {
    setPayload(undefined)
    if (!res.ok && res.kind === 'captcha_required') setShown(true)
    setRound((r) => r + 1)
  }, [])
  return { payload, after, widget: shown ? <Captcha key={round} onPayload={setPayload} /> : null }
}
