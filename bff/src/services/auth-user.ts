/** The signed-in account, whole values, server side only (req.user). Responses show UserView (masked). */
export interface AuthUser {
  id: string
  phone: string
  realName: { name: string; idNumber: string } | null
}
