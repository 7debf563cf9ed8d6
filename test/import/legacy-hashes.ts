// Hashes made by the old systems' own hashing code, as their databases hold them: PHP's
// password_hash (ThinkSNS+/Laravel cost 10, RageFrame/Yii2 cost 13), Werkzeug's
// generate_password_hash (the Flask project), md5 (the Hyperf project). scripts/ensure-services.sh
// installs php-cli and a virtual environment with Werkzeug under .cache/.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'

const VENV_PYTHON = path.resolve(__dirname, '../../.cache/werkzeug-venv/bin/python')

/** bcrypt `$2y$` by PHP's password_hash, one process for all of them. */
export function phpBcrypt(passwords: string[], cost: number): string[] {
  const script = `$in = json_decode(stream_get_contents(STDIN)); $out = []; foreach ($in as $p) { $out[] = password_hash($p, PASSWORD_BCRYPT, ['cost' => ${cost}]); } echo json_encode($out);`
  return JSON.parse(execFileSync('php', ['-r', script], { input: JSON.stringify(passwords) }).toString()) as string[]
}

/** Werkzeug's generate_password_hash(password, method) for each [password, method]. */
export function werkzeugHash(items: [string, string][]): string[] {
  if (!existsSync(VENV_PYTHON)) throw new Error(`no Werkzeug venv at ${VENV_PYTHON}: run scripts/ensure-services.sh`)
  const script = `import sys, json\nfrom werkzeug.security import generate_password_hash as g\nprint(json.dumps([g(p, m) for p, m in json.load(sys.stdin)]))`
  return JSON.parse(execFileSync(VENV_PYTHON, ['-c', script], { input: JSON.stringify(items) }).toString()) as string[]
}

/** The Hyperf project's `md5($pwd)`. */
export const md5Hex = (password: string): string => createHash('md5').update(password).digest('hex')

/**
 * An HS256 JWT as PHP signs it (firebase/php-jwt's and tymon/jwt-auth's encoding: json_encode of
 * the header and claims, base64url without padding, hash_hmac('sha256')), made by PHP itself.
 */
export function phpJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const script = `$in = json_decode(stream_get_contents(STDIN), true);
$b = fn($s) => rtrim(strtr(base64_encode($s), '+/', '-_'), '=');
$h = $b(json_encode($in['h'], JSON_UNESCAPED_SLASHES)); $p = $b(json_encode($in['p'], JSON_UNESCAPED_SLASHES));
echo "$h.$p." . $b(hash_hmac('sha256', "$h.$p", $in['k'], true));`
  return execFileSync('php', ['-r', script], { input: JSON.stringify({ h: header, p: payload, k: secret }) }).toString()
}

/** An HS256 JWT as PyJWT (flask-jwt-extended) signs it: compact JSON, made by Python. */
export function pyJwt(payload: Record<string, unknown>, secret: string): string {
  const script = `import sys, json, hmac, hashlib, base64
i = json.load(sys.stdin)
b = lambda s: base64.urlsafe_b64encode(s).rstrip(b'=').decode()
h = b(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
p = b(json.dumps(i["p"], separators=(",", ":")).encode())
print(h + "." + p + "." + b(hmac.new(i["k"].encode(), (h + "." + p).encode(), hashlib.sha256).digest()), end="")`
  return execFileSync(VENV_PYTHON, ['-c', script], { input: JSON.stringify({ p: payload, k: secret }) }).toString()
}
