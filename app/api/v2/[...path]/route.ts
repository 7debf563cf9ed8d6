export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE } from '@/lib/dialects/thinksns/handlers'
