import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  DepartmentsQuerySchema,
  DepartmentsResponseSchema,
  ItemDetailQuerySchema,
  ItemDetailSchema,
  ItemParamsSchema,
  ItemsQuerySchema,
  ItemsResponseSchema,
  NATIONAL_REGIONS_PATH,
  NationalRegionsQuerySchema,
  NationalRegionsResponseSchema,
  RegionsResponseSchema
} from '../../../contract/catalog'
import { errors } from '../../../domain/errors'
import { nationalRegions } from '../services/national-regions'
import { ApiErrorSchema } from '../../../contract/common'
import { sendRepresentation } from '../http/conditional'
import { rememberedValidatorCompiler } from '../http/validation'
import { representation, type Representation } from '../http/representation'
import type { CatalogService } from '../services/catalog'

const errorResponses = { 400: ApiErrorSchema, 404: ApiErrorSchema }

/**
 * Region → department → item navigation and the guide (001 §5.1.1, §4.1.2).
 *
 * Every answer here is public and changes only with the catalog snapshot: it is kept as bytes with a strong ETag
 * (validated against its schema once, when made), sent with `Cache-Control: public, no-cache` and answered 304 when
 * the client's If-None-Match still matches. The handlers are synchronous (no promise per request); an error they
 * throw reaches the error handler all the same. Their path and query checks are remembered per distinct input
 * (http/validation.ts).
 */
export async function catalogRoutes(app: FastifyInstance, opts: { catalog: CatalogService }): Promise<void> {
  const { catalog } = opts
  // this plugin's routes only (encapsulated): their handlers only read req.params and req.query
  app.setValidatorCompiler(rememberedValidatorCompiler)
  const r = app.withTypeProvider<ZodTypeProvider>()
  // keys are valid region codes and department ids only (the service throws 4xx for any other before this stores
  // anything), so the map is bounded by the catalog
  const lists = new Map<string, Representation>()
  const listJson = (key: string, make: () => unknown): Representation => {
    let rep = lists.get(key)
    if (!rep) {
      rep = representation(JSON.stringify(make()), 'application/json; charset=utf-8')
      lists.set(key, rep)
    }
    return rep
  }

  r.get(
    '/api/v1/regions',
    {
      schema: {
        tags: ['catalog'],
        summary: '地区列表（省 → 市 → 县）',
        response: { 200: RegionsResponseSchema }
      }
    },
    (req, reply) => {
      void sendRepresentation(req, reply, listJson('regions', () => RegionsResponseSchema.parse({ regions: catalog.regions() })))
    }
  )

  r.get(
    '/api/v1/departments',
    {
      schema: {
        tags: ['catalog'],
        summary: '某地区的办事部门（001 §5.1.1）',
        description: '地区须为市或县（市、区）：省级地区返回 400 REGION_LEVEL_UNSUPPORTED，未知地区返回 404 REGION_UNKNOWN。',
        querystring: DepartmentsQuerySchema,
        response: { 200: DepartmentsResponseSchema, ...errorResponses }
      }
    },
    (req, reply) => {
      void sendRepresentation(req, reply, listJson(`departments:${req.query.region}`, () => DepartmentsResponseSchema.parse({ departments: catalog.departments(req.query.region) })))
    }
  )

  r.get(
    '/api/v1/items',
    {
      schema: {
        tags: ['catalog'],
        summary: '某地区（可按部门筛选）提供的事项',
        description: '部门编号形如 331100-agency；不属于该地区的部门返回 404 DEPARTMENT_UNKNOWN。',
        querystring: ItemsQuerySchema,
        response: { 200: ItemsResponseSchema, ...errorResponses }
      }
    },
    (req, reply) => {
      void sendRepresentation(
        req,
        reply,
        listJson(`items:${req.query.region}:${req.query.department ?? ''}`, () => ItemsResponseSchema.parse({ items: catalog.items(req.query.region, req.query.department) }))
      )
    }
  )

  r.get(
    '/api/v1/items/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '事项详情与办事指南（001 §4.1.2 的 16 项内容）',
        description: '未知事项返回 404 ITEM_UNKNOWN；该地区不提供的事项返回 404 ITEM_NOT_IN_REGION。',
        params: ItemParamsSchema,
        querystring: ItemDetailQuerySchema,
        response: { 200: ItemDetailSchema, ...errorResponses }
      }
    },
    // the bytes were validated against ItemDetailSchema when the service composed them (CatalogService.itemDetailJson);
    // sent as they are, they skip the per-request serializer
    (req, reply) => {
      void sendRepresentation(req, reply, catalog.itemDetailJson(req.params.id, req.query.region))
    }
  )

  r.get(
    NATIONAL_REGIONS_PATH,
    {
      schema: {
        tags: ['catalog'],
        summary: '全国地区（GB/T 2260）的一级：省 → 某省的市 → 某市的县（区）',
        description: '用于“就医地”等可选全国任一地区的字段；parent 不在列表中返回 400 REGION_NOT_IN_DATASET。',
        querystring: NationalRegionsQuerySchema,
        response: { 200: NationalRegionsResponseSchema, 400: ApiErrorSchema }
      }
    },
    // the key is '' or a province/prefecture of the dataset (an unknown parent throws before anything is stored), so
    // the map holds at most 1 + 34 + 369 answers
    (req, reply) => {
      const parent = req.query.parent
      const level = nationalRegions.level(parent)
      if (!level) throw errors.regionNotInDataset('地区')
      void sendRepresentation(req, reply, listJson(`national:${parent ?? ''}`, () => NationalRegionsResponseSchema.parse({ regions: level })))
    }
  )
}
