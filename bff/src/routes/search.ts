import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  HotSearchesResponseSchema,
  SEARCH_QUERY_MAX,
  SearchQuerySchema,
  SearchResponseSchema
} from '../../../contract/catalog'
import { ApiErrorSchema } from '../../../contract/common'
import { sendJson } from '../http/conditional'
import type { SearchService } from '../services/search'

/**
 * Item search (001 §3.1.3, §5.1.1) and hot searches. Public answers: sent with an ETag and `public, no-cache`, so a
 * repeated search is answered 304 without a body (each search is still counted for hot searches).
 */
export async function searchRoutes(app: FastifyInstance, opts: { search: SearchService }): Promise<void> {
  const { search } = opts
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: '在某地区搜索事项（名称、通俗名称、近义词、拼音、首字母、错别字、办事指南的常见问题、禁止事项和材料）',
        description:
          `结果按相关度排序，每条附一句推荐理由（reason）；每个答复都带 12393 医疗保障服务热线和本地经办机构电话（help），` +
          `没有相符事项时供咨询。空白查询返回 400 QUERY_EMPTY；超过 ${SEARCH_QUERY_MAX} 个字返回 400 QUERY_TOO_LONG。`,
        querystring: SearchQuerySchema,
        response: { 200: SearchResponseSchema, 400: ApiErrorSchema, 404: ApiErrorSchema }
      }
    },
    async (req, reply) => sendJson(req, reply, SearchResponseSchema.parse(await search.search(req.query.q, req.query.region)))
  )

  r.get(
    '/api/v1/search/hot',
    {
      schema: {
        tags: ['search'],
        summary: '热门搜索（近期搜索最多且有结果的查询，不足时以维护的热词补足）',
        response: { 200: HotSearchesResponseSchema }
      }
    },
    async (req, reply) => sendJson(req, reply, HotSearchesResponseSchema.parse({ hot: await search.hot() }))
  )
}
