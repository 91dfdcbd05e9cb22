import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

/**
 * OpenAPI at /docs (swagger-ui) and /docs/json, generated from the routes' zod schemas (the contract) by
 * jsonSchemaTransform — never written by hand. Must be registered before the routes.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '医保掌上办 BFF',
        description:
          'API of the 医保掌上办 palm-service app. Every 4xx/5xx body is `{code, message, fields?}` with a stable `code` and a Chinese `message`.',
        version: '0.1.0'
      },
      tags: [
        { name: 'catalog', description: '地区、部门、事项与办事指南' },
        { name: 'search', description: '事项搜索' },
        { name: 'health', description: '运行状态' }
      ]
    },
    transform: jsonSchemaTransform
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
