import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate } from './calendar-date.js';

/** A real calendar date written `YYYY-MM-DD` (2023-02-29 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: () => 'must be a real calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

/**
 * At most `max` characters (UTF-16 code units), none of them NUL. class-validator's MaxLength walks the whole
 * string with a regular expression to count surrogate pairs, which dominates the cost of
 * validating a 20 KB body; a plain length check is what a storage limit needs.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        // PostgreSQL text cannot hold NUL, so it is refused here rather than failing in the database.
        validate: (value) => typeof value === 'string' && value.length <= max && !value.includes('\u0000'),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && args.value.includes('\u0000')
            ? 'must not contain NUL characters'
            : `must be at most ${max} characters`,
      },
    },
    options,
  );
}

/** A string with something in it besides white space. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => 'must not be blank',
      },
    },
    options,
  );
}
