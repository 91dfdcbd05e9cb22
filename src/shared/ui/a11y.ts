/**
 * ARIA attributes for Taro components. Taro's prop types do not list `role`; H5 passes it to the DOM and
 * the mini-programs ignore what they do not know. Hyphenated `aria-*` props type-check as they are.
 */
export function role(r: string | undefined): object {
  return r ? { role: r } : {}
}
