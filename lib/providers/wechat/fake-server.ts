// Tests only: a local stand-in for WeChat's jscode2session, answering as WeChat does — 200 with a
// JSON body (text/plain), errors as {errcode, errmsg}. Codes: `ok:<openid>[:<unionid>]` signs in;
// `bad` → 40029, `used` → 40163, `limit` → 45011, `busy` → -1, `html` → a 502 HTML page (a proxy
// in the way). It checks appid, secret and grant_type like WeChat (40013, 40125, 40002).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeWechat = { url: string; requests: URL[]; close: () => Promise<void> }

export async function startFakeWechat(appid: string, secret: string): Promise<FakeWechat> {
  const requests: URL[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://wechat.local')
    requests.push(url)
    const send = (body: unknown, status = 200, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type })
      res.end(typeof body === 'string' ? body : JSON.stringify(body))
    }
    const rid = 'rid: 6543f0a1-2b3c4d5e-6f7a8b9c'
    if (url.pathname !== '/sns/jscode2session') return send({ errcode: 40066, errmsg: `invalid url ${rid}` })
    const q = url.searchParams
    if (q.get('appid') !== appid) return send({ errcode: 40013, errmsg: `invalid appid ${rid}` })
    if (q.get('secret') !== secret) return send({ errcode: 40125, errmsg: `invalid appsecret ${rid}` })
    if (q.get('grant_type') !== 'authorization_code') return send({ errcode: 40002, errmsg: `invalid grant_type ${rid}` })
    const code = q.get('js_code') ?? ''
    if (code === 'bad' || code === '') return send({ errcode: 40029, errmsg: `invalid code, ${rid}` })
    if (code === 'used') return send({ errcode: 40163, errmsg: `code been used, ${rid}` })
    if (code === 'limit') return send({ errcode: 45011, errmsg: `api minute-quota reach limit  mustslower  retry next minute ${rid}` })
    if (code === 'busy') return send({ errcode: -1, errmsg: `system error ${rid}` })
    if (code === 'html') return send('<html><body>502 Bad Gateway</body></html>', 502, 'text/html')
    const [kind, openid, unionid] = code.split(':')
    if (kind === 'ok' && openid) return send({ session_key: 'tiihtNczf5v6AKRyjwEUhQ==', openid, ...(unionid ? { unionid } : {}) })
    return send({ errcode: 40029, errmsg: `invalid code, ${rid}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
