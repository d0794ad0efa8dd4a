import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailed } from './domain-error.js';

/** Flattens class-validator's tree into `field: reason` pairs with the client's own field paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        reason:
          constraint === 'whitelistValidation'
            ? 'is not a known field'
            : message.startsWith(`${e.property} `)
              ? message.slice(e.property.length + 1)
              : message,
      });
    }
    if (e.children?.length) out.push(...toFieldProblems(e.children, field));
  }
  return out;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** String.prototype.isWellFormed (ES2024, in every Node the library runs on; far faster than the expression). */
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Text that is not well-formed Unicode: a JSON `\uDFFF` escape with no partner. PostgreSQL, the search
 * segmenter and UTF-8 cannot represent it (Node writes U+FFFD in its place, so what is stored would differ from
 * what was sent). Walks every string of a body or query, keys included, and names where each one is.
 */
export function findUnpairedSurrogates(value: unknown, root = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  const reason = (s: string) => {
    const unit = UNPAIRED_SURROGATE.exec(s)![0].charCodeAt(0).toString(16).toUpperCase();
    return `must be valid Unicode text; it holds an unpaired surrogate (\\u${unit})`;
  };
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length && out.length < 20) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormed(v)) out.push({ field: path || '(value)', reason: reason(v) });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        const field = path ? `${path}.${key}` : key;
        if (!isWellFormed(key))
          out.push({ field: field.replace(new RegExp(UNPAIRED_SURROGATE, 'g'), '\uFFFD'), reason: reason(key) });
        else stack.push([item, field]);
      }
    }
  }
  return out;
}

/** The global pipe: unpaired surrogates first (any field, any route), then the DTO's own rules. */
class LibraryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = findUnpairedSurrogates(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problems.length) throw new ValidationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Rejects unknown fields and wrong types with a problem that names each field. */
export function createValidationPipe(): ValidationPipe {
  return new LibraryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Each field reports its first failure only; a wrong type otherwise drags every other rule along.
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
}
