import type { ReactNode } from 'react'

/** A plain table: a caption, the column heads, and rows whose first cell heads the row when `rowHead` is set. */
export function Table({ caption, head, rows, rowHead = true }: { caption: string; head: string[]; rows: { key: string; cells: ReactNode[] }[]; rowHead?: boolean }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope='col'>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {r.cells.map((c, i) => (i === 0 && rowHead ? <th key={i} scope='row'>{c}</th> : <td key={i}>{c}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
