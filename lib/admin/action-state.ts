// What every dashboard server action answers: shown by components/admin/action-form.tsx next to the
// form and by the page's live region (announcer.tsx), with `field` tying an error text to its input.
// `message` is a catalogue key (`admin.results.*`, `admin.errors.*`, `admin.validation.*`,
// `validation.*`, `errors.*`) and `values` its placeholders: the words are chosen where they are
// shown (components/admin/use-admin-text.ts), in the page's language.
// `reauth`: the admin's sign-in is old; the form asks for their password (field reauthPassword).
export type AdminActionState = { ok: boolean; message: string; values?: Record<string, string | number>; field?: string; reauth?: boolean } | null
