'use server'
// "Revoke" on the account page's connected apps (#27): forgets the consent and ends the app's
// grants for this user, with their tokens.
import { redirect } from 'next/navigation'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { currentUser } from '@/lib/auth/current'
import { currentRequestMeta } from '@/lib/auth/request'
import { revokeConsent } from '@/lib/oidc/consent'

const schema = z.object({ clientId: z.string().min(1).max(200) })

export async function revokeAppAction(form: FormData): Promise<void> {
  const current = await currentUser()
  if (!current) redirect('/sign-in')
  const parsed = schema.safeParse({ clientId: form.get('clientId') })
  if (parsed.success) {
    const { ip } = await currentRequestMeta()
    await revokeConsent(current.user.id, current.user.uuid, parsed.data.clientId, { sessionId: current.sessionId, ip })
  }
  revalidatePath('/account')
}
