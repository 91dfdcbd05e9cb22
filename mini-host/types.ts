export type Platform = 'weapp' | 'alipay'

/** A platform API call the host recorded with its arguments (showToast, openDocument, setScreenBrightness…). */
export interface ApiCall {
  api: string
  args: Record<string, unknown>
  /** the route on top of the page stack when it was called */
  page: string
  at: number
}

/** One setData as the view layer received it. */
export interface SetDataRecord {
  page: string
  bytes: number
  at: number
}

/** A question the host answers like a person at the phone would (a modal, an action sheet, the album). */
export interface Answers {
  /** showModal / my.confirm: confirm unless told otherwise */
  modal: Array<'confirm' | 'cancel'>
  /** showActionSheet: the index tapped */
  actionSheet: number[]
}
