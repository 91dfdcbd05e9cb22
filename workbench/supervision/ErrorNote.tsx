/** A refusal or failure, announced to screen readers as it appears; nothing when there is none. */
export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null
  return (
    <p role='alert' className='error'>
      {error}
    </p>
  )
}
