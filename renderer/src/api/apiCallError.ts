import type { ApiError, ErrorCode } from '../../../shared/errors.js';

/** A failed API call as the renderer sees it: the contract's error data, as a throwable. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(method: string, error: ApiError) {
    super(error.message);
    this.name = `ApiCallError(${method})`;
    this.code = error.code;
    this.details = error.details;
  }
}
