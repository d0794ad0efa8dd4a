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
