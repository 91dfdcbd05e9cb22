import { z } from 'zod'

/**
 * The holiday calendar file an agency loads for a year the installed calendar does not cover: the State Council's
 * notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) written as data, one entry per holiday as the notice lists
 * them — the days off (放假) and the weekend days worked instead (调休上班). docs/holiday-calendar.md documents it
 * with an example; domain/calendar.ts checks it against the law (every statutory day of the 放假办法 must be a
 * day off) before it is used for due dates.
 *
 * Routes (staff, 管理员):
 *   GET  /api/v1/staff/calendar   → HolidayCalendarStatus   which years are official, loaded, or fallback
 *   POST /api/v1/staff/calendar   HolidayCalendarFile → HolidayCalendarStatus   400 CALENDAR_INVALID
 */
export const HOLIDAY_CALENDAR_FORMAT = 'yibao-holiday-calendar/1'

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD')

export const HolidayNameSchema = z.enum(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'])

export const HolidayCalendarFileSchema = z.object({
  format: z.literal(HOLIDAY_CALENDAR_FORMAT),
  year: z.number().int().min(2025).max(2099),
  /** the notice it comes from, e.g. 国办发明电〔2026〕N号 */
  source: z.string().min(4).max(200),
  holidays: z
    .array(
      z.object({
        name: HolidayNameSchema,
        /** 放假: every day off of this holiday, weekends within the break included */
        daysOff: z.array(DateSchema).min(1).max(15),
        /** 调休上班: Saturdays or Sundays worked */
        workdays: z.array(DateSchema).max(5)
      })
    )
    .min(1)
    .max(7)
})
export type HolidayCalendarFile = z.infer<typeof HolidayCalendarFileSchema>

export const CalendarYearSchema = z.object({
  year: z.number().int(),
  /** official: the installed chinese-days data or a loaded file; statutory-fallback / weekends-only otherwise */
  source: z.enum(['official', 'statutory-fallback', 'weekends-only']),
  /** the notice of a loaded file (null: the installed package's data, or no official data) */
  loadedFrom: z.string().nullable()
})
export const HolidayCalendarStatusSchema = z.object({
  years: z.array(CalendarYearSchema),
  /** set when next year (Asia/Shanghai) has no official arrangement: due dates then ignore 调休 */
  warning: z.string().nullable()
})
export type HolidayCalendarStatus = z.infer<typeof HolidayCalendarStatusSchema>
