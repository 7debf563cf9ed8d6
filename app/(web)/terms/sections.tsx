// The shape of the two documents the sign-up consent links to (/terms, /privacy): a title, the
// notice that the text is a placeholder, and numbered sections.

export const LEGAL_SECTIONS = ['s1', 's2', 's3', 's4', 's5'] as const
export function LegalSections({ title, placeholder, sections }: { title: string; placeholder: string; sections: { title: string; body: string }[] }) {
  return (
    <article>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="legal-placeholder">
        {placeholder}
      </p>
      {sections.map((s) => (
        <section key={s.title} className="mt-6">
          <h2 className="text-lg font-semibold">{s.title}</h2>
          <p className="mt-2 text-slate-800">{s.body}</p>
        </section>
      ))}
    </article>
  )
}
