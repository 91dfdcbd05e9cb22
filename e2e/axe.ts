import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

/**
 * axe-core in a page of the browser tests: the H5 app's pages (a11y.e2e.ts) and the staff workbench's screens.
 *
 * The rule sets the issue names (WCAG 2.2 AA). `wcag21a` is left out: its one rule, label-content-name-mismatch (2.5.3
 * Label in Name), flags the tiles and list rows whose aria-label is shorter than their visible text — see the README.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const FAILING_IMPACTS = new Set(['serious', 'critical'])

export interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[]; failureSummary?: string }>
}

/** axe's source, evaluated through the DevTools protocol: the page's CSP refuses inline <script> tags, rightly */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE)
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe
    return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
  }, TAGS)
  return result.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
}

/** One line per violation (`where` names the page), and its first targets. */
export function describeViolations(where: string, vs: Violation[]): string {
  return vs
    .map((v) =>
      [`${where} ${v.impact} ${v.id}: ${v.help}`, ...v.nodes.slice(0, 8).map((n) => `    ${JSON.stringify(n.target)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)].join('\n')
    )
    .join('\n')
}
