import { z } from '@qilbee/config';
import { parseStartFrom } from './startFrom';

const MESSAGE = 'must be earliest, latest or an ISO-8601 date-time with a zone (e.g. 2025-01-31T12:00:00Z)';

/** A config field read as a StartFrom; unset or blank is undefined (the consumer's own default applies). */
export function optionalStartFromSetting() {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      const parsed = parseStartFrom(text);
      if (!parsed) ctx.addIssue({ code: z.ZodIssueCode.custom, message: MESSAGE });
      return parsed;
    });
}

/** A config field read as a StartFrom, `fallback` when unset. */
export function startFromSetting(fallback: 'earliest' | 'latest') {
  return optionalStartFromSetting().transform((startFrom) => startFrom ?? fallback);
}
