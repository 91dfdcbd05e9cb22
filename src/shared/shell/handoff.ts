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
/** the last tap or Enter on the shell before the hand-over, written by the boot script of src/index.html */
export const ACTION_ATTR = 'data-yb-act'
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
  const focused = shell && page ? carryFields(shell, page) : null
  shell?.remove()
  document.documentElement.classList.remove(SHELL_ON_CLASS)
  focused?.focus()
  replayAction(page)
}

/** `0.2.1`: the position of `el` under `root` (child indexes), the same in the shell and the app's page */
function positionIn(root: Element, el: Element): string {
  const path: number[] = []
  for (let n: Element = el; n !== root && n.parentElement; n = n.parentElement) path.unshift([...n.parentElement.children].indexOf(n))
  return path.join('.')
}

function elementAt(root: Element, path: string): Element | undefined {
  let el: Element | undefined = root
  for (const i of path ? path.split('.').map(Number) : []) el = el?.children[i]
  return el
}

const TEXT_FIELD = 'input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), textarea'

/**
 * Text typed into the shell's fields before the app took over goes into the same fields of the app's page, through the
 * native value setter and an `input` event, so the screen's state (React's onInput) has it as if it had been typed
 * there. Returns the app's field to focus when a shell field had the focus (with its caret).
 */
function carryFields(shell: HTMLElement, page: HTMLElement): HTMLInputElement | HTMLTextAreaElement | null {
  let focus: HTMLInputElement | HTMLTextAreaElement | null = null
  for (const field of shell.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(TEXT_FIELD)) {
    const twin = elementAt(page, positionIn(shell, field))
    if (!(twin instanceof HTMLInputElement || twin instanceof HTMLTextAreaElement)) continue
    if (field.value !== twin.value) {
      const proto = twin instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(twin, field.value)
      twin.dispatchEvent(new Event('input', { bubbles: true }))
    }
    if (document.activeElement === field) {
      focus = twin
      const { selectionStart: start, selectionEnd: end } = field
      // after the shell is gone (a hidden field cannot take the focus)
      requestAnimationFrame(() => {
        try {
          if (start !== null && end !== null) twin.setSelectionRange(start, end)
        } catch {
          // a field type without a caret
        }
      })
    }
  }
  return focus
}

/**
 * The last tap or Enter on the shell before the hand-over (recorded by the boot script of src/index.html) goes to the
 * element at the same position in the app's page: the markup is the same.
 */
function replayAction(page: HTMLElement | null): void {
  const root = document.documentElement
  const action = root.getAttribute(ACTION_ATTR)
  root.removeAttribute(ACTION_ATTR)
  const m = action ? /^(click|enter):([\d.]*)$/.exec(action) : null
  if (!m || !page) return
  const el = elementAt(page, m[2])
  if (!(el instanceof HTMLElement)) return
  if (m[1] === 'enter') {
    // Taro's H5 Input confirms on keyCode 13 (onConfirm); keyCode is not settable through the init in every engine
    const enter = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true })
    Object.defineProperty(enter, 'keyCode', { get: () => 13 })
    el.dispatchEvent(enter)
    return
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.focus()
  el.click()
}

function schedule(): void {
  if (done || !mounted || loading > 0) return
  // after the app's frame is laid out, before it is painted
  requestAnimationFrame(() => {
    if (loading === 0) reveal()
  })
}

// the constant TARO_ENV test first: mini-program builds then drop the whole hand-over as dead code
export function pageMounted(): void {
  if (process.env.TARO_ENV !== 'h5' || done) return
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
  if (process.env.TARO_ENV !== 'h5' || done) return () => undefined
  loading += 1
  return () => {
    loading -= 1
    schedule()
  }
}
