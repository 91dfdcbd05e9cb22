/**
 * ARIA attributes for Taro components. Taro's prop types do not list `role`; H5 passes it to the DOM and
 * the mini-programs ignore what they do not know. Hyphenated `aria-*` props type-check as they are.
 *
 * A role that a person operates (button, link, switch, checkbox, radio, tab, option) makes the element a control on
 * H5 as well: Taro renders custom elements (taro-view-core, taro-button-core) that take no keyboard focus and ignore
 * keys, so a keyboard or switch user could not reach a single tile, row or button (WCAG 2.1.1, 2.4.3). Such an element
 * gets `tabIndex=0` (reached by Tab in reading order, i.e. document order) and Enter / Space activate it by clicking it,
 * so its own onClick — and a picker or link around it — runs exactly as for a tap. Every control of the app gets its
 * role through here, which makes this the one place keyboard access is given. The mini-programs have no keyboard
 * focus model for views and get the role only.
 */
const CONTROL_ROLES = new Set(['button', 'link', 'switch', 'checkbox', 'radio', 'tab', 'option', 'menuitem'])

export function role(r: string | undefined): object {
  if (!r) return {}
  if (process.env.TARO_ENV === 'h5' && CONTROL_ROLES.has(r)) return { role: r, tabIndex: 0, onKeyDown: activateOnKey }
  return { role: r }
}

/** Whether a key activates a control the way a tap does: Enter, and Space (the native button keys). */
export function isActivationKey(e: { key?: string }): boolean {
  return e.key === 'Enter' || e.key === ' ' || e.key === 'Spacebar'
}

/**
 * Enter / Space on a focused control: the same as a tap (a click on the element, which bubbles like a tap's click).
 * Only for keys pressed on the control itself (not on a text field inside it), once per press; the default (Space
 * scrolling the page) is prevented.
 */
export function activateOnKey(e: KeyboardEvent): void {
  if (!isActivationKey(e) || e.target !== e.currentTarget || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return
  e.preventDefault()
  ;(e.currentTarget as HTMLElement).click()
}

/**
 * H5: Taro's page container (`.taro_page`, Taro's own element) is the element that scrolls, and Taro's custom elements
 * (taro-view-core, taro-button-core) take no keyboard focus — a page without a text field could not be scrolled from
 * the keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`). The container gets `tabindex="0"`, the remedy axe and
 * WCAG give for a scrollable region. No-op outside H5 and when Taro already set a tabindex.
 */
export function focusablePageScroller(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.querySelectorAll('.taro_page:not([tabindex])').forEach((el) => el.setAttribute('tabindex', '0'))
}

