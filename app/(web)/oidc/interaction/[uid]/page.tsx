// The consent step of an OpenID Connect sign-in (lib/oidc/interaction.ts): which app asks for what.
// The form posts to /oidc/interaction/<uid>/confirm, answered by server.ts; signing in itself is
// the /sign-in page, which sends the person back here.
import type { Metadata } from 'next'
import { Shell } from '@/components/shell'
import { Button } from '@/components/button'
import { requireUser } from '@/lib/auth/current'
import { pendingInteraction } from '@/lib/oidc/consent'

export const metadata: Metadata = { title: 'Allow access · 授权 · Identity Service' }

const SCOPES: Record<string, { en: string; zh: string }> = {
  openid: { en: 'Know who you are (your account id)', zh: '识别您的身份（账号 ID）' },
  profile: { en: 'Your name', zh: '您的用户名' },
  email: { en: 'Your email address', zh: '您的邮箱地址' },
  phone: { en: 'Your phone number', zh: '您的手机号码' },
  roles: { en: 'Your roles in this service', zh: '您在本服务中的角色' },
  offline_access: { en: 'Stay signed in when you are away', zh: '在您离开时保持登录' },
}

export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params
  const { user } = await requireUser(`/oidc/interaction/${uid}`)
  const pending = await pendingInteraction(uid)
  if (!pending) {
    return (
      <Shell>
        <h1 className="text-2xl font-semibold">This sign-in request has expired · 登录请求已过期</h1>
        <p className="mt-4 text-sm text-slate-700">Go back to the app and sign in again. · 请返回应用重新登录。</p>
      </Shell>
    )
  }
  return (
    <Shell>
      <h1 className="text-2xl font-semibold" data-testid="consent-title">
        {pending.clientName} wants to access your account · {pending.clientName} 请求访问您的账号
      </h1>
      <p className="mt-4 text-sm text-slate-700">
        Signed in as <strong>{user.name}</strong> · 当前登录：<strong>{user.name}</strong>
      </p>
      <ul className="mt-4 list-disc pl-6 text-sm" data-testid="consent-scopes">
        {pending.scopes.map((s) => (
          <li key={s}>
            {SCOPES[s]?.en ?? s} · {SCOPES[s]?.zh ?? s}
          </li>
        ))}
      </ul>
      <form method="post" action={`/oidc/interaction/${pending.uid}/confirm`} className="mt-6 flex gap-3">
        <Button type="submit" name="decision" value="allow">
          Allow · 允许
        </Button>
        <Button type="submit" name="decision" value="deny" variant="secondary">
          Deny · 拒绝
        </Button>
      </form>
    </Shell>
  )
}
