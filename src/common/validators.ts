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
 * At most `max` characters (UTF-16 code units). class-validator's MaxLength walks the whole
 * string with a regular expression to count surrogate pairs, which dominates the cost of
 * validating a 20 KB body; a plain length check is what a storage limit needs.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value) => typeof value === 'string' && value.length <= max,
        defaultMessage: () => `must be at most ${max} characters`,
      },
    },
    options,
  );
}
