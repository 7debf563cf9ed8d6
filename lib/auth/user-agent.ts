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

export function describeUserAgent(ua: string | null | undefined): string {
  const s = (ua ?? '').trim()
  if (!s) return 'Unknown device'
  for (const [re, label] of TOOLS) if (re.test(s)) return label
  const browser = BROWSERS.find(([re]) => re.test(s))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(s))?.[1]
  if (browser && system) return `${browser} on ${system}`
  if (browser || system) return (browser ?? system)!
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}
