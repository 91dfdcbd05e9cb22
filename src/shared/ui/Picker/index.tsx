import { Picker as TaroPicker, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react'
import { isActivationKey, role } from '../a11y'
import { changeDate, clampDate, dateColumns, formatYmd, parseYmd, type YMD } from './dates'
import './sheet-styles'

/**
 * 滑动菜单 (001 §5.1.2: 菜单式选择项目用滑动菜单): a field that opens a wheel of choices — one column of options
 * (`selector`) or 年 / 月 / 日 (`date`).
 *
 * Mini-programs: the platform's own picker (native, with the platform's accessibility), titled with `headerText`.
 * H5: Taro's web picker cannot be used by keyboard, tap or screen reader (its 取消/确定 are low-contrast 12px divs and
 * it selects only by swiping), so H5 gets this sheet instead: a dialog titled 「选择…」 with 取消 and 确定 as buttons,
 * and one listbox per column. Each column still swipes like a wheel (scroll snapping; the option that stops in the
 * middle is chosen), and an option is also chosen by tapping it or with the arrow keys, Home, End, Page Up/Down;
 * Enter confirms, Escape cancels, Tab stays inside the sheet, and focus goes back to the field when it closes.
 * Sizes follow the design tokens, so 长辈版 gets its larger text and 60px targets.
 */
export type PickerProps = {
  /** what is being chosen (the field's label): the sheet's title is 选择{label}, the field is named by it */
  label: string
  /** the text the field shows: the chosen value or the placeholder */
  display: string
  invalid?: boolean
  children: ReactNode
} & (
  | {
      mode: 'selector'
      options: string[]
      /** index of the chosen option, -1 when none */
      index: number
      onPick: (index: number) => void
    }
  | {
      mode: 'date'
      /** YYYY-MM-DD or '' */
      value: string
      start: string
      end: string
      /** the date the wheel starts at when nothing is chosen (YYYY-MM-DD) */
      initial: string
      onPick: (value: string) => void
    }
)

export function ChoicePicker(props: PickerProps) {
  if (process.env.TARO_ENV !== 'h5') return <NativePicker {...props} />
  return <SheetPicker {...props} />
}

function NativePicker(props: PickerProps) {
  const title = `选择${props.label}`
  if (props.mode === 'date') {
    return (
      <TaroPicker
        mode='date'
        headerText={title}
        value={props.value || props.initial}
        start={props.start}
        end={props.end}
        onChange={(e) => props.onPick(String(e.detail.value))}
      >
        {props.children}
      </TaroPicker>
    )
  }
  return (
    <TaroPicker mode='selector' headerText={title} range={props.options} value={Math.max(0, props.index)} onChange={(e) => props.onPick(Number(e.detail.value))}>
      {props.children}
    </TaroPicker>
  )
}

let sheetSeq = 0

interface ColumnSpec {
  key: string
  label: string
  items: string[]
  selected: number
  select: (i: number) => void
}

function SheetPicker(props: PickerProps) {
  const [open, setOpen] = useState(false)
  const [id] = useState(() => `yb-picker-${++sheetSeq}`)
  const opener = useRef<HTMLElement | null>(null)

  const close = () => {
    setOpen(false)
    // back to the field that opened it (WCAG 2.4.3)
    setTimeout(() => opener.current?.focus(), 0)
  }

  return (
    <View className='yb-picker-field'>
      <View
        ref={opener as never}
        className='yb-picker-field__opener'
        {...role('button')}
        aria-haspopup='dialog'
        aria-expanded={open ? 'true' : 'false'}
        aria-label={`${props.label}：${props.display}`}
        aria-invalid={props.invalid ? 'true' : undefined}
        onClick={() => setOpen(true)}
      >
        {props.children}
      </View>
      {open ? <Sheet {...props} id={id} onClose={close} /> : null}
    </View>
  )
}

/**
 * The sheet itself. H5 only, so it is written in plain HTML (react-dom renders it): native <button>s take focus and
 * activate on Enter / Space by themselves, and a wheel of 120 years stays cheap to render.
 */
function Sheet(props: PickerProps & { id: string; onClose: () => void }) {
  const { id, onClose } = props
  const panel = useRef<HTMLDivElement | null>(null)
  const [choice, setChoice] = useState<number | YMD>(() => {
    if (props.mode === 'selector') return Math.max(0, props.index)
    const start = parseYmd(props.start)!
    const end = parseYmd(props.end)!
    return clampDate(parseYmd(props.value) ?? parseYmd(props.initial) ?? start, start, end)
  })

  const columns: ColumnSpec[] = useMemo(() => {
    if (props.mode === 'selector') {
      return [{ key: 'option', label: props.label, items: props.options, selected: choice as number, select: (i: number) => setChoice(i) }]
    }
    const start = parseYmd(props.start)!
    const end = parseYmd(props.end)!
    const date = choice as YMD
    const cols = dateColumns(date, start, end)
    const col = (key: 'y' | 'm' | 'd', label: string, values: number[], unit: string): ColumnSpec => ({
      key,
      label,
      items: values.map((v) => (key === 'y' ? `${v}${unit}` : `${String(v).padStart(2, '0')}${unit}`)),
      selected: Math.max(0, values.indexOf(date[key])),
      select: (i: number) => setChoice((cur) => changeDate(cur as YMD, key, values[i], start, end))
    })
    return [col('y', '年', cols.years, '年'), col('m', '月', cols.months, '月'), col('d', '日', cols.days, '日')]
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choice, props.mode, props.label])

  const confirm = () => {
    if (props.mode === 'selector') {
      if (props.options.length > 0) props.onPick(choice as number)
    } else {
      props.onPick(formatYmd(choice as YMD))
    }
    onClose()
  }

  // focus the first column when the sheet opens, so the arrow keys work at once
  useEffect(() => {
    const root = panel.current
    if (!root) return
    let last = root.querySelector<HTMLElement>('[role="listbox"]')
    last?.focus()
    // Taro's H5 elements around the sheet may move their children when they render again (slot relocation), and a
    // focused node that is moved drops the focus to <body>: while the sheet is open, it goes back where it was
    const remember = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement) last = e.target
    }
    const lost = new MutationObserver(() => {
      const at = document.activeElement
      if ((!at || at === document.body) && last?.isConnected) last.focus()
    })
    root.addEventListener('focusin', remember)
    lost.observe(document.body, { childList: true, subtree: true })
    return () => {
      root.removeEventListener('focusin', remember)
      lost.disconnect()
    }
  }, [])

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Esc') {
      e.preventDefault()
      onClose()
      return
    }
    if (e.key !== 'Tab' || !panel.current) return
    // Tab stays in the sheet (aria-modal): from the last control back to the first, and the other way round
    const stops = [...panel.current.querySelectorAll<HTMLElement>('button, [tabindex="0"]')]
    if (stops.length === 0) return
    const at = stops.indexOf(document.activeElement as HTMLElement)
    if (e.shiftKey && at <= 0) {
      e.preventDefault()
      stops[stops.length - 1].focus()
    } else if (!e.shiftKey && at === stops.length - 1) {
      e.preventDefault()
      stops[0].focus()
    }
  }

  const titleId = `${id}-title`
  return (
    <div className='yb-picker' role='dialog' aria-modal='true' aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <div className='yb-picker__mask' onClick={onClose} />
      <div ref={panel} className='yb-picker__panel'>
        <div className='yb-picker__head'>
          <button type='button' className='yb-picker__action yb-picker__action--cancel' onClick={onClose}>
            取消
          </button>
          <span id={titleId} className='yb-picker__title'>
            {`选择${props.label}`}
          </span>
          <button type='button' className='yb-picker__action yb-picker__action--ok' onClick={confirm}>
            确定
          </button>
        </div>
        <div className='yb-picker__columns'>
          {columns.map((c) => (
            <Column key={c.key} id={`${id}-${c.key}`} spec={c} onConfirm={confirm} />
          ))}
        </div>
      </div>
    </div>
  )
}

/** Centres option `index` in its column (the wheel's middle band). */
function centre(column: HTMLElement, index: number, smooth: boolean): void {
  const option = column.querySelectorAll<HTMLElement>('[role="option"]')[index]
  if (!option) return
  const top = option.offsetTop - (column.clientHeight - option.offsetHeight) / 2
  if (typeof column.scrollTo === 'function') column.scrollTo({ top, behavior: smooth ? 'smooth' : 'auto' })
  else column.scrollTop = top
}

/** The option nearest the middle of the column (where a swipe stopped). */
function nearestToMiddle(column: HTMLElement): number {
  const middle = column.scrollTop + column.clientHeight / 2
  let best = -1
  let bestDistance = Infinity
  column.querySelectorAll<HTMLElement>('[role="option"]').forEach((o, i) => {
    const d = Math.abs(o.offsetTop + o.offsetHeight / 2 - middle)
    if (d < bestDistance) {
      best = i
      bestDistance = d
    }
  })
  return best
}

const PAGE = 5

function Column({ id, spec, onConfirm }: { id: string; spec: ColumnSpec; onConfirm: () => void }) {
  const ref = useRef<HTMLDivElement | null>(null)
  const settled = useRef<ReturnType<typeof setTimeout> | null>(null)
  const first = useRef(true)
  const { items, selected, select } = spec

  useEffect(() => {
    if (ref.current) centre(ref.current, selected, !first.current)
    first.current = false
  }, [selected, items.length])
  useEffect(
    () => () => {
      if (settled.current) clearTimeout(settled.current)
    },
    []
  )

  const onScroll = () => {
    // a swipe: when the wheel has stopped, the option in the middle band is the choice
    if (settled.current) clearTimeout(settled.current)
    settled.current = setTimeout(() => {
      const el = ref.current
      if (!el) return
      const i = nearestToMiddle(el)
      if (i >= 0 && i !== selected) select(i)
    }, 140)
  }

  const onKeyDown = (e: ReactKeyboardEvent) => {
    const last = items.length - 1
    const to: Record<string, number> = {
      ArrowUp: selected - 1,
      ArrowDown: selected + 1,
      PageUp: selected - PAGE,
      PageDown: selected + PAGE,
      Home: 0,
      End: last
    }
    if (e.key in to) {
      e.preventDefault()
      select(Math.min(last, Math.max(0, to[e.key])))
    } else if (isActivationKey(e)) {
      e.preventDefault()
      onConfirm()
    }
  }

  return (
    <div
      ref={ref}
      className='yb-picker__column'
      role='listbox'
      tabIndex={0}
      aria-label={spec.label}
      aria-activedescendant={items.length ? `${id}-${selected}` : undefined}
      onKeyDown={onKeyDown}
      onScroll={onScroll}
    >
      <div className='yb-picker__spacer' />
      {items.map((t, i) => (
        <div
          key={`${i}-${t}`}
          id={`${id}-${i}`}
          className={`yb-picker__option${i === selected ? ' yb-picker__option--selected' : ''}`}
          role='option'
          aria-selected={i === selected}
          onClick={() => select(i)}
        >
          {t}
        </div>
      ))}
      <div className='yb-picker__spacer' />
    </div>
  )
}
