// A short description of the device behind a user agent, for the sessions list ("Chrome on
// Windows", "WeChat on iPhone", "okhttp"). API clients often send their HTTP library's name.

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, 'WeChat'],
  [/Edg(A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/UCBrowser\//, 'UC Browser'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows NT/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

const TOOLS: [RegExp, string][] = [
  [/^curl\//i, 'curl'],
  [/^okhttp\//i, 'okhttp (Android app)'],
  [/^Dart\//, 'Dart (Flutter app)'],
  [/^python-requests\//i, 'Python requests'],
  [/^axios\//i, 'axios'],
  [/^node(-fetch)?\b|^undici/i, 'Node.js'],
  [/^Go-http-client\//, 'Go'],
  [/^PostmanRuntime\//, 'Postman'],
]

/** What a user agent says, by part: a tool (an HTTP library), else a browser and a system; `raw` when none is known. */
export type UserAgentParts = { tool: string | null; browser: string | null; system: string | null; raw: string | null }

export function parseUserAgent(ua: string | null | undefined): UserAgentParts {
  const s = (ua ?? '').trim()
  const none = { tool: null, browser: null, system: null, raw: null }
  if (!s) return none
  const tool = TOOLS.find(([re]) => re.test(s))?.[1]
  if (tool) return { ...none, tool }
  const browser = BROWSERS.find(([re]) => re.test(s))?.[1] ?? null
  const system = SYSTEMS.find(([re]) => re.test(s))?.[1] ?? null
  if (browser || system) return { ...none, browser, system }
  return { ...none, raw: s.length > 40 ? `${s.slice(0, 40)}…` : s }
}

export function describeUserAgent(ua: string | null | undefined): string {
  const { tool, browser, system, raw } = parseUserAgent(ua)
  if (tool) return tool
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? raw ?? 'Unknown device'
}
