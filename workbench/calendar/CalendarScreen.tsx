import { useEffect, useMemo, useState, type FormEvent } from 'react'
import type { HolidayCalendarStatus } from '../../contract/calendar'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'

/**
 * 节假日安排 for the 管理员: which years due dates count with official data, and the import of a year's arrangement
 * (the State Council's notice as a file, contract/calendar.ts, docs/holiday-calendar.md) — chosen as a file or pasted.
 * The BFF checks it against the law and names each problem in Chinese when it refuses it; what was pasted stays.
 */
const SOURCE_LABEL: Record<HolidayCalendarStatus['years'][number]['source'], string> = {
  official: '官方安排',
  'statutory-fallback': '仅法定节假日（未含调休）',
  'weekends-only': '仅周末'
}

export function calendarApi(api: Pick<StaffRequester, 'request'>) {
  return {
    status: () => api.request<HolidayCalendarStatus>('GET', '/api/v1/staff/calendar'),
    load: (file: unknown) => api.request<HolidayCalendarStatus>('POST', '/api/v1/staff/calendar', file)
  }
}

export function CalendarScreen({ api }: { api: Pick<StaffRequester, 'request'> }) {
  const [status, setStatus] = useState<HolidayCalendarStatus | null>(null)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const calls = useMemo(() => calendarApi(api), [api])

  useEffect(() => {
    calls
      .status()
      .then(setStatus, (err: unknown) => setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试'))
  }, [calls])

  const pick = async (f: File | undefined) => {
    if (!f) return
    setText(await f.text())
    setDone(null)
    setError(null)
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setDone(null)
    let file: unknown
    try {
      file = JSON.parse(text)
    } catch {
      return setError('文件内容不是有效的 JSON，请选择或粘贴国务院节假日安排文件（格式见 docs/holiday-calendar.md）')
    }
    setBusy(true)
    setError(null)
    try {
      const s = await calls.load(file)
      setStatus(s)
      const year = typeof file === 'object' && file && 'year' in file ? String((file as { year: unknown }).year) : ''
      setDone(`已导入 ${year} 年节假日安排，此后的办结期限按它计算`)
      setText('')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main>
      <h1>节假日安排</h1>
      <p>办结期限按工作日计算（000 §6.1.4）。每年国务院办公厅公布次年节假日安排后，请在这里导入，否则次年的调休不会计入。</p>
      {status?.warning && <p className='error'>{status.warning}</p>}
      <section aria-labelledby='years'>
        <h2 id='years'>各年份的数据来源</h2>
        {!status && !error && <p>正在加载…</p>}
        {status && (
          <table>
            <thead>
              <tr>
                <th scope='col'>年份</th>
                <th scope='col'>来源</th>
                <th scope='col'>导入的文件</th>
              </tr>
            </thead>
            <tbody>
              {status.years.map((y) => (
                <tr key={y.year}>
                  <th scope='row'>{y.year}</th>
                  <td>{SOURCE_LABEL[y.source]}</td>
                  <td>{y.loadedFrom ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <form aria-label='导入节假日安排' onSubmit={(e) => void submit(e)}>
        <h2>导入节假日安排</h2>
        <label>
          选择文件（JSON）
          <input type='file' accept='application/json,.json' onChange={(e) => void pick(e.target.files?.[0])} />
        </label>
        <label>
          或粘贴文件内容
          <textarea rows={10} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <ErrorNote error={error} />
        {done && <p role='status'>{done}</p>}
        <button type='submit' disabled={busy || !text.trim()}>
          导入
        </button>
      </form>
    </main>
  )
}
