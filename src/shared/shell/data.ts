/**
 * The answers an H5 page was prerendered with (the BFF's web shell, bff/src/web): the server renders the real
 * screens with them, and the app's first render of that page uses the same answers instead of asking again, so
 * what the app draws is what the shell showed. Keyed by the useQuery key; each answer is used once.
 *
 *  - In the browser the answers come from `<script type="application/json" id="yb-shell-data">` (read on first use).
 *  - On the server (src/shell/render.tsx) `prerender` first collects the queries a render asks for, then renders
 *    again with their answers.
 * Mini-programs never have a shell: nothing is found and screens load as always.
 */
export const SHELL_DATA_ID = 'yb-shell-data'

let answers: Map<string, unknown> | null = null
let collected: Map<string, () => Promise<unknown>> | null = null

function browserAnswers(): Map<string, unknown> {
  const map = new Map<string, unknown>()
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return map
  const el = document.getElementById(SHELL_DATA_ID)
  if (!el?.textContent) return map
  try {
    for (const [k, v] of Object.entries(JSON.parse(el.textContent) as Record<string, unknown>)) map.set(k, v)
  } catch {
    // a broken data block: the page loads its data as usual
  }
  el.remove()
  return map
}

/** The prerendered answer of a query, once: `{ value }`, or undefined when the page was not prerendered with it. */
export function takeShellAnswer(key: string): { value: unknown } | undefined {
  answers ??= browserAnswers()
  if (!answers.has(key)) return undefined
  const value = answers.get(key)
  answers.delete(key)
  return { value }
}

/** During a server render: remember a query the screen asks for (its answer is fetched before the next render). */
export function collectQuery(key: string, fetcher: () => Promise<unknown>): void {
  if (collected && !collected.has(key)) collected.set(key, fetcher)
}

/**
 * Server: renders with `render` until no screen asks for a query without an answer (at most `passes` renders), then
 * returns the markup and the answers it used. A failed query ends with `null` (the page is then served unrendered).
 */
export async function prerender(render: () => string, passes = 3): Promise<{ html: string; answers: Record<string, unknown> } | null> {
  const known = new Map<string, unknown>()
  for (let i = 0; i < passes; i++) {
    answers = new Map(known)
    const asked = new Map<string, () => Promise<unknown>>()
    collected = asked
    let html: string
    try {
      html = render()
    } finally {
      collected = null
      answers = null
    }
    if (asked.size === 0) return { html, answers: Object.fromEntries(known) }
    try {
      for (const [k, fetcher] of asked) known.set(k, await fetcher())
    } catch {
      return null
    }
  }
  return null
}
