/**
 * H5: the hand-over from the prerendered shell (bff/src/web) to the app. The shell (#yb-shell) shows the page while
 * the app renders the same page unseen under it (#app is hidden while <html> has `yb-shell-on`); once the app's first
 * page is mounted and shows no loading state, the shell is removed and the app shown in the same frame — no flash,
 * and nothing moves (the app draws the same components with the same answers, see data.ts).
 *
 * Screen calls `pageMounted` once per page, LoadingState `loadingShown` while it is on screen. No-ops elsewhere.
 */
export const SHELL_ID = 'yb-shell'
export const SHELL_ON_CLASS = 'yb-shell-on'
export const TAP_ATTR = 'data-yb-tap'
/** the app is shown even if a loading state never ends (a request that hangs) */
export const HANDOFF_MAX_WAIT_MS = 4000

let loading = 0
let mounted = false
let done = process.env.TARO_ENV !== 'h5' || typeof document === 'undefined'
let timer: ReturnType<typeof setTimeout> | null = null

function reveal(): void {
  if (done) return
  done = true
  if (timer) clearTimeout(timer)
  const shell = document.getElementById(SHELL_ID)
  const page = document.querySelector<HTMLElement>('.taro_page_show') ?? document.querySelector<HTMLElement>('.taro_page')
  // keep the place the citizen scrolled the shell to
  if (shell && page && shell.scrollTop > 0) page.scrollTop = shell.scrollTop
  shell?.remove()
  document.documentElement.classList.remove(SHELL_ON_CLASS)
  replayTap(page)
}

/**
 * A tap on the shell before the hand-over (recorded by the boot script of src/index.html as the element's position in
 * the shell, e.g. `0.2.1`) goes to the element at the same position in the app's page: the markup is the same.
 */
function replayTap(page: HTMLElement | null): void {
  const root = document.documentElement
  const path = root.getAttribute(TAP_ATTR)
  root.removeAttribute(TAP_ATTR)
  if (!path || !page) return
  let el: Element | undefined = page
  for (const i of path.split('.').map(Number)) el = el?.children[i]
  if (el instanceof HTMLElement) {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.focus()
    el.click()
  }
}

function schedule(): void {
  if (done || !mounted || loading > 0) return
  // after the app's frame is laid out, before it is painted
  requestAnimationFrame(() => {
    if (loading === 0) reveal()
  })
}

export function pageMounted(): void {
  if (done) return
  if (!document.getElementById(SHELL_ID)) {
    done = true
    document.documentElement.classList.remove(SHELL_ON_CLASS)
    return
  }
  mounted = true
  timer ??= setTimeout(reveal, HANDOFF_MAX_WAIT_MS)
  schedule()
}

/** Call when a loading state appears; call the returned function when it goes. */
export function loadingShown(): () => void {
  if (done) return () => undefined
  loading += 1
  return () => {
    loading -= 1
    schedule()
  }
}
