// Prisma CLI configuration: the JS schema engine through driver adapters (SPEC §1), so no native
// engine is downloaded. DATABASE_URL picks the provider, its schema and its migrations folder.
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { databaseTarget } from './lib/db-url'

const target = databaseTarget(process.env.DATABASE_URL)

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: target.provider === 'postgresql' ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  adapter: async () => (target.provider === 'postgresql' ? new PrismaPg({ connectionString: target.url }) : new PrismaBetterSQLite3({ url: target.file })),
})
