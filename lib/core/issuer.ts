// How a dialect that signs JWTs names itself to the core (lib/core/keys.ts, signing-keys.ts): by
// its id and the settings it reads, so the core never names a dialect. Each dialect's token
// profile (lib/dialects/<name>/profile.ts) is one of these.
import { config, type Config } from '../config'

/** A setting of lib/config.ts (the environment variables are the upper-case keys). */
type SettingName = Extract<keyof Config, Uppercase<string>>

type SettingOf<T> = { [K in SettingName]: Config[K] extends T ? K : never }[SettingName]

export type NumberSetting = SettingOf<number>

/** What the core needs to know of a dialect that signs JWTs. */
export type JwtIssuer = {
  /** The dialect's id: names the derived secret (`<id>-jwt`) and prefixes its asymmetric keys' kid. */
  id: string
  /** The setting holding the HS256 secret a team's other services already verify with. */
  secretSetting: SettingOf<string | undefined>
  /** The settings bounding its tokens' lifetimes: a retired key stays published for the longest. */
  lifetimes: readonly { setting: NumberSetting; unit: 'seconds' | 'minutes' }[]
}

/** The longest any token of this issuer can be used, in seconds (SPEC §4 lifetimes). */
export function maxTokenLifetimeSeconds(issuer: JwtIssuer): number {
  const c = config()
  return Math.max(...issuer.lifetimes.map((l) => (c[l.setting] as number) * (l.unit === 'minutes' ? 60 : 1)))
}
