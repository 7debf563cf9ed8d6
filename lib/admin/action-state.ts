// What every dashboard server action answers: shown by components/admin/action-form.tsx next to the
// form (role=status / role=alert), with `field` tying an error text to its input.
// `reauth`: the admin's sign-in is old; the form asks for their password (field reauthPassword).
export type AdminActionState = { ok: boolean; message: string; field?: string; reauth?: boolean } | null
