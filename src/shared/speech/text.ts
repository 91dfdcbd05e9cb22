/**
 * Helpers for the text a screen gives its read-aloud button: the Chinese strings of a data structure in order,
 * without machine values (codes like `smart` or ids), joined into sentences.
 */

/** a value meant for machines, not people: ASCII letters, digits and _-./: only, with a letter in it (e.g. 'smart', 'intake-01') */
const MACHINE_VALUE = /^(?=.*[A-Za-z])[A-Za-z0-9_\-./:]+$/

/** Every string (and number) inside `value`, depth first, in the order of the object's keys and array items. */
export function speechLines(value: unknown): string[] {
  if (value === null || value === undefined || typeof value === 'boolean') return []
  if (typeof value === 'number') return [String(value)]
  if (typeof value === 'string') {
    const s = value.trim()
    return s && !MACHINE_VALUE.test(s) ? [s] : []
  }
  if (Array.isArray(value)) return value.flatMap(speechLines)
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).flatMap(speechLines)
  return []
}

/** Lines joined as sentences: each ends with a Chinese stop unless it already ends with punctuation. */
export function speechText(lines: ReadonlyArray<string | null | undefined | false>): string {
  return lines
    .filter((l): l is string => typeof l === 'string' && l.trim() !== '')
    .map((l) => l.trim())
    .map((l) => (/[。！？；，、：.!?;,:]$/.test(l) ? l : `${l}。`))
    .join('')
}
