import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { HolidayCalendarStatusSchema } from '../../../contract/calendar'
import { ApiErrorSchema } from '../../../contract/common'
import { markPersonal } from '../plugins/security'
import { staffOf } from '../plugins/staff'
import type { CalendarService } from '../services/calendar'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema }

/** The holiday calendar due dates count with, and the import of a new year's arrangement (contract/calendar.ts). */
export async function staffCalendarRoutes(app: FastifyInstance, opts: { calendar: CalendarService }): Promise<void> {
  // staff-only answers: never kept by a browser or proxy, like the other staff routes
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  const { calendar } = opts
  r.get(
    '/api/v1/staff/calendar',
    { onRequest: app.staffGuard(null), schema: { tags, summary: '节假日安排：各年份的来源（官方 / 法定节假日兜底）', response: { 200: HolidayCalendarStatusSchema, ...errs } } },
    async () => calendar.status()
  )
  r.post(
    '/api/v1/staff/calendar',
    {
      onRequest: app.staffGuard('calendar.manage'),
      schema: {
        tags,
        summary: '导入国务院办公厅公布的某年节假日安排（格式见 docs/holiday-calendar.md）',
        description: '文件与法定节假日不符、调休上班日不是周末等，返回 400 CALENDAR_INVALID 并逐条说明。',
        // checked by the service, so a wrong file gets the calendar's own words rather than a generic 400
        body: z.unknown(),
        response: { 200: HolidayCalendarStatusSchema, ...errs }
      }
    },
    async (req) => calendar.import(staffOf(req), req.body)
  )
}
