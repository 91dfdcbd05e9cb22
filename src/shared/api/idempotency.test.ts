import { ErrorCode, IDEMPOTENCY_KEY_PATTERN } from '@contract'
import { appError, ClientErrorCode } from './errors'
import { keepsKey, newIdempotencyKey, withRetryKey } from './idempotency'

describe('Idempotency-Keys of retried writes', () => {
  it('a new key is in the contract’s form, and new each time', () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(IDEMPOTENCY_KEY_PATTERN)
    expect(newIdempotencyKey()).not.toBe(a)
  })

  it('keeps the key while the write has no answer; drops it once answered', () => {
    expect(keepsKey(appError(ClientErrorCode.NETWORK, '网络不给力'))).toBe(true)
    expect(keepsKey(appError(ErrorCode.DB_UNAVAILABLE, '系统正在维护', 503))).toBe(true)
    expect(keepsKey(appError(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, '上一次提交还在处理中', 409))).toBe(true)
    expect(keepsKey(appError(ErrorCode.MATERIALS_MISSING, '请上传以下材料', 400))).toBe(false)
    expect(keepsKey(appError(ErrorCode.EVALUATION_EXISTS, '该办件已评价', 409))).toBe(false)
  })

  it('withRetryKey: the same write tried again after no answer sends the same key; after an answer, a new one', async () => {
    const seen: string[] = []
    const fail = (e: Error) => async (key: string) => {
      seen.push(key)
      throw e
    }
    const ok = async (key: string) => {
      seen.push(key)
      return 'done'
    }
    await expect(withRetryKey('rate:1', fail(appError(ClientErrorCode.NETWORK, '网络不给力')))).rejects.toThrow('网络不给力')
    await expect(withRetryKey('rate:1', fail(appError(ErrorCode.INTERNAL, '系统繁忙', 500)))).rejects.toThrow()
    expect(await withRetryKey('rate:1', ok)).toBe('done')
    expect(new Set(seen).size).toBe(1)
    // answered: the next write of the same scope is a new request
    await withRetryKey('rate:1', ok)
    expect(seen[3]).not.toBe(seen[0])
    // a refusal is an answer too: fixing the cause and sending again is a new request
    await expect(withRetryKey('rate:2', fail(appError(ErrorCode.VALIDATION, '请选择评价等级', 400)))).rejects.toThrow()
    await withRetryKey('rate:2', ok)
    expect(seen[5]).not.toBe(seen[4])
    // another write (scope) never shares a key
    await withRetryKey('rate:3', ok)
    expect(new Set(seen).size).toBe(5)
  })
})
