import { createCanceler } from './cancel'

describe('createCanceler', () => {
  it('is the browser AbortController where there is one (H5: axios takes its signal)', () => {
    const c = createCanceler()
    expect(c).toBeInstanceOf(AbortController)
  })

  it('works where the JavaScript engine has no AbortController (WeChat and Alipay logic layers)', () => {
    const native = globalThis.AbortController
    delete (globalThis as { AbortController?: unknown }).AbortController
    try {
      expect(typeof AbortController).toBe('undefined')
      const c = createCanceler()
      const heard: string[] = []
      const gone = () => heard.push('removed')
      c.signal.addEventListener('abort', () => heard.push('abort'))
      c.signal.addEventListener('abort', gone)
      c.signal.removeEventListener('abort', gone)
      expect(c.signal.aborted).toBe(false)
      c.abort()
      c.abort()
      expect(c.signal.aborted).toBe(true)
      expect(heard).toEqual(['abort'])
    } finally {
      globalThis.AbortController = native
    }
  })
})
