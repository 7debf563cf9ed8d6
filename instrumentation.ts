// Runs once when the Next server starts (next start, and inside server.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { installNextClientIp } = await import('./lib/http/next-client-ip')
  installNextClientIp()
}
