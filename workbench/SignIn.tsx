import { useState, type FormEvent } from 'react'
import type { StaffSession } from '../contract/staff'
import { ApiError, type WorkbenchApi } from './api'

/** 登录: login name, password and the six-digit code of the authenticator app (TOTP), all three at once. */
export function SignIn({ api, onSignedIn }: { api: WorkbenchApi; onSignedIn: (s: StaffSession) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [otp, setOtp] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!username.trim() || !password || !/^\d{6}$/.test(otp.trim())) {
      setError('请填写登录名、密码和 6 位动态验证码')
      return
    }
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await api.signIn({ username: username.trim(), password, otp: otp.trim() }))
    } catch (err) {
      // the password stays typed: only the one-time code must be entered again
      setOtp('')
      setError(err instanceof ApiError ? err.message : '网络异常，请检查网络后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className='signin'>
      <h1>医保经办工作台</h1>
      <form onSubmit={submit} noValidate>
        <label>
          登录名
          <input name='username' autoComplete='username' value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          密码
          <input name='password' type='password' autoComplete='current-password' value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label>
          动态验证码
          <input name='otp' inputMode='numeric' autoComplete='one-time-code' maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value)} />
        </label>
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
        <button type='submit' disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  )
}
