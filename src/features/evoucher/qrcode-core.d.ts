/**
 * The encoder core of the `qrcode` package without its renderers (canvas, PNG, terminal), so the evoucher
 * subpackage carries only what turns a code into modules. Same function as `QRCode.create` of @types/qrcode.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode'
  export function create(text: string, options?: QRCodeOptions): QRCode
}
