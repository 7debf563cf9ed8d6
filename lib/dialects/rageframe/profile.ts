// The RageFrame dialect as data (seed 004, SPEC §5.4, reference §4): client groups, opaque token
// lifetimes, the rotating refresh policy with its grace window, and the seed's `member` object.
import { config } from '../../config'
import type { User } from '../../core/users'
import { isActive } from '../../core/rules'
import { defineTokens } from '../define'

export const CLIENT = 'rageframe' as const

/** AccessTokenGroupEnum of the seed: app, wechat (公众号), miniProgram (小程序). */
export const GROUPS = ['app', 'wechat', 'miniProgram'] as const
export type Group = (typeof GROUPS)[number]
export const DEFAULT_GROUP: Group = 'app' // SPEC §5.4

/** sms-code tells whether a phone is registered: lookups per address and minute (as ThinkSNS+'s profile lookups). */
export const LOOKUPS_PER_MINUTE = 60

export const TOKENS = defineTokens({
  format: 'opaque',
  id: CLIENT,
  lifetimes: [
    { setting: 'RAGEFRAME_ACCESS_TTL_SECONDS', unit: 'seconds', meaning: 'access token lifetime (seconds); also `expiration_time`' },
    { setting: 'RAGEFRAME_REFRESH_TTL_SECONDS', unit: 'seconds', meaning: 'refresh token lifetime (seconds)' },
  ],
  // Each refresh returns a new pair and kills the old one; a retry inside the grace window gets the same pair (SPEC §3).
  refresh: {
    policy: 'rotating',
    graceSetting: 'REFRESH_GRACE_SECONDS',
    summary:
      'Each refresh answers a new pair and spends the old one. A repeat of the just-spent refresh token inside the grace window (a parallel retry) gets the same new pair; a later reuse ends the whole session.',
  },
})

export const tokenSettings = () => ({
  accessTtlSeconds: config().RAGEFRAME_ACCESS_TTL_SECONDS,
  refreshTtlSeconds: config().RAGEFRAME_REFRESH_TTL_SECONDS,
  graceSeconds: config()[TOKENS.refresh.graceSetting],
})

/** `<32 chars of [A-Za-z0-9_-]>_<unix time>` (seed 004, SPEC §4). */
export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{32}_\d{1,12}$/

const unix = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : 0)

/**
 * The seed's `member`, its fields in its order. Fields this product keeps no data for are
 * null / 0 / "0.00" (reference §4); `type` 1 and `role` 10 are RageFrame's values for an ordinary
 * member, `status` 10 its active (0 disabled). `id` is the member's RageFrame id (`legacyIntIdOf`),
 * the one its clients know.
 */
export function memberObject(u: User, id: number) {
  return {
    id,
    username: u.name,
    type: 1,
    nickname: null,
    realname: null,
    head_portrait: null,
    sex: 0,
    qq: null,
    email: u.email,
    birthday: null,
    user_money: '0.00',
    accumulate_money: '0.00',
    frozen_money: '0.00',
    user_integral: 0,
    address_id: '0',
    visit_count: u.visitCount,
    home_phone: null,
    mobile: u.phone,
    role: 10,
    last_time: unix(u.lastLoginAt),
    last_ip: u.lastLoginIp,
    provinces: 0,
    city: 0,
    area: 0,
    allowance: 0,
    allowance_updated_at: 0,
    status: isActive(u) ? 10 : 0,
    append: unix(u.createdAt),
    updated: unix(u.updatedAt),
  }
}
