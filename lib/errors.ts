/** Errors with a message fit to show a user (CONVENTIONS.md, Errors). */
export type AppErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION'

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    public readonly userMessage: string,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(userMessage)
    this.name = 'AppError'
  }

  /** Set once the refusal has been written to the audit log, so the action layer does not record it twice. */
  audited = false
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
