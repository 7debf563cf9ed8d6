export { openapiHandler as GET } from '@/lib/openapi/handler'
