// What every dashboard server action answers: shown by components/admin/action-form.tsx next to the
// form (role=status / role=alert), with `field` tying an error text to its input.
export type AdminActionState = { ok: boolean; message: string; field?: string } | null
