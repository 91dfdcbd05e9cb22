/**
 * ARIA attributes for Taro components. Taro's prop types do not list `role`; H5 passes it to the DOM and
 * the mini-programs ignore what they do not know. Hyphenated `aria-*` props type-check as they are.
 */
export function role(r: string | undefined): object {
  return r ? { role: r } : {}
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
