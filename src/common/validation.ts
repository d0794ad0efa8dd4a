import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Rejects unknown fields and wrong types with a problem that names each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Each field reports its first failure only; a wrong type otherwise drags every other rule along.
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
}
