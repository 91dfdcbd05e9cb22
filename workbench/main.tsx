import { createRoot } from 'react-dom/client'
import { App } from './App'
import { httpApi } from './api'
import './workbench.css'

createRoot(document.getElementById('root')!).render(<App api={httpApi()} />)
