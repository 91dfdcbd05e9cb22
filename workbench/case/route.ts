import { useEffect, useState } from 'react'

export type Route = { kind: 'todo' } | { kind: 'case'; id: string } | { kind: 'audit' }

/** The workbench's screens by the address's hash, so a case can be opened in a tab and the back button works. */
export function routeOf(hash: string): Route {
  const m = /^#\/case\/([^/?#]+)$/.exec(hash)
  if (m) return { kind: 'case', id: decodeURIComponent(m[1]) }
  if (hash === '#/audit') return { kind: 'audit' }
  return { kind: 'todo' }
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.hash))
  useEffect(() => {
    const on = () => setRoute(routeOf(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
