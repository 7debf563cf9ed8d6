// Page-number pagination shared by every dashboard list.
const PAGE_SIZE = 20
const MAX_PAGE_SIZE = 100

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pages: number }

export function paging(page: number | undefined, pageSize: number | undefined): { page: number; pageSize: number; skip: number } {
  const size = Math.min(Math.max(1, Math.floor(pageSize ?? PAGE_SIZE)), MAX_PAGE_SIZE)
  const p = Math.max(1, Math.floor(page ?? 1))
  return { page: p, pageSize: size, skip: (p - 1) * size }
}

export function pageOf<T>(rows: T[], total: number, p: { page: number; pageSize: number }): Page<T> {
  return { rows, total, page: p.page, pageSize: p.pageSize, pages: Math.max(1, Math.ceil(total / p.pageSize)) }
}
