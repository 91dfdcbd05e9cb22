/**
 * The SMS gateway (001 §3.1.4: SMS notices; §3.1.2 sign-in codes). The embedded adapter keeps an outbox in the database;
 * a provincial platform's adapter sends through its gateway with the same interface.
 */
export interface SmsMessage {
  /** whole mainland mobile number */
  phone: string
  text: string
  /** the sign-in code the message carries, if any (the embedded outbox shows it to tests and a new user) */
  code?: string | null
}

export interface OutboxEntry {
  phone: string
  text: string
  code: string | null
  /** ISO instant */
  sentAt: string
}

export interface SmsAdapter {
  readonly kind: string
  /** sends one message; throws when the gateway refuses (the caller answers 503) */
  send(message: SmsMessage, at: Date): Promise<void>
  /**
   * The latest messages sent to a phone, newest first. Only adapters that keep what they send (the embedded one)
   * have it; GET /api/v1/dev/outbox reads it outside production.
   */
  outbox?(phone: string, limit: number): Promise<OutboxEntry[]>
}
