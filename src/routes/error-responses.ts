// The error responses of a route, for its `response` schema: one entry per status it can answer.
import { ERROR_RESPONSES, type ErrorResponse, type ErrorStatus } from '../schemas/common.ts'

export function errorResponses (...statuses: ErrorStatus[]): Record<ErrorStatus, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSES[status]])) as Record<ErrorStatus, typeof ErrorResponse>
}
