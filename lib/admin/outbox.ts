// Outbox screen (SPEC §6, §7): the SMS and mail the service sent, as every provider records them
// (the console provider in development; real providers record result and provider code), so a
// developer can read a code.
import { db, Prisma } from '../db'
import { normalizePhone } from '../core/fields'
import { prefix } from './prefix'
import { paging, pageOf, type Page } from './paging'

export type OutboxRow = {
  id: number
  channel: string
  provider: string
  recipient: string
  purpose: string
  subject: string | null
  body: string
  result: string
  providerCode: string | null
  createdAt: Date
}

export async function listOutbox(input: { channel?: 'sms' | 'mail'; recipient?: string; page?: number; pageSize?: number } = {}): Promise<Page<OutboxRow>> {
  const p = paging(input.page, input.pageSize)
  const raw = input.recipient?.trim().toLowerCase()
  const recipient = raw ? (normalizePhone(raw) ?? raw) : undefined
  const where: Prisma.OutboxMessageWhereInput = {
    ...(input.channel ? { channel: input.channel } : {}),
    ...(recipient ? { recipient: prefix(recipient) } : {}),
  }
  const [total, rows] = await Promise.all([
    db().outboxMessage.count({ where }),
    db().outboxMessage.findMany({ where, orderBy: { id: 'desc' }, skip: p.skip, take: p.pageSize }),
  ])
  return pageOf(rows, total, p)
}
