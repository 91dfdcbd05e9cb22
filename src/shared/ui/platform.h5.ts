import './keyboard.h5.scss'

/**
 * H5 only (Taro resolves `./platform` to this file in the H5 build, platform.ts elsewhere):
 *  - the focus ring of every control (keyboard.h5.scss: `:focus-visible` and Taro's `taro-*-core` elements, which the
 *    mini-programs' WXSS would refuse);
 *  - the document title follows the page and names the app: Taro writes each page's navigationBarTitleText (or the
 *    title a page sets, e.g. the item on a guide) into <title>; it becomes 「页面 - 医保掌上办」 (WCAG 2.4.2), so a
 *    tab, a bookmark and a screen reader's "page title" say where the person is.
 */
export const SITE_TITLE = '医保掌上办'

export function siteTitle(pageTitle: string): string {
  const t = pageTitle.trim()
  if (!t || t === SITE_TITLE || t.endsWith(` - ${SITE_TITLE}`)) return t || SITE_TITLE
  return `${t} - ${SITE_TITLE}`
}

let installed = false

export function installPlatformUi(): void {
  if (installed || typeof document === 'undefined' || typeof MutationObserver === 'undefined') return
  installed = true
  const follow = () => {
    const wanted = siteTitle(document.title)
    if (document.title !== wanted) document.title = wanted
  }
  follow()
  new MutationObserver(follow).observe(document.head, { childList: true, subtree: true, characterData: true })
}
