export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-3xl font-semibold">Identity Service</h1>
      <p className="mt-4 text-slate-700">
        One identity service for your app: sign-up with SMS verification, sign-in, tokens, sessions and roles. It speaks the
        ThinkSNS+ (<code>/api/v2</code>), Hyperf (<code>/login</code>), Flask (<code>/api/auth</code>) and RageFrame (
        <code>/v1/site</code>) login APIs your clients already use.
      </p>
    </main>
  )
}
