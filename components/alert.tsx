// A message about the whole form (not one field): read out when it appears.
export function FormAlert({ id, message, tone = 'error' }: { id?: string; message?: string | null; tone?: 'error' | 'info' }) {
  if (!message) return null
  return (
    <p
      id={id}
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-3 py-2 text-sm ${tone === 'error' ? 'border-red-300 bg-red-50 text-red-800' : 'border-blue-200 bg-blue-50 text-blue-900'}`}
    >
      {message}
    </p>
  )
}
