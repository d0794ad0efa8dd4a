/**
 * Errors the domain raises, each with a stable code. One filter
 * (problem-details.filter.ts) turns them into RFC 9457 problem+json.
 */
export interface FieldProblem {
  /** The field as the client sent it: `title`, `keywords[2]`, `If-Match`. */
  field: string;
  reason: string;
}

export type DomainErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'precondition_failed' // 412
  | 'unprocessable' // 422
  | 'precondition_required' // 428
  | 'request_timeout' // 408
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'too_many_requests'; // 429 (with Retry-After from the `retryAfterSeconds` extension)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Machine-readable code, e.g. `document.duplicate_doc_number`. */
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    /** Extra members for the problem document, e.g. `existingDocumentId`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailed extends DomainError {
  constructor(errors: FieldProblem[], message = 'The request has invalid fields.') {
    super('validation', 'request.invalid', message, errors);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what}.not_found`, `No ${what} with id ${id}.`);
  }
}
