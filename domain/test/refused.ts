import { AppError } from '../errors'

/** The refusal a pure rule throws (AppError: status, stable code, message), or a failed test when it does not refuse. */
export function refused(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}
