import { parsePhoneNumberWithError } from 'libphonenumber-js';

/** Validated upstream; stored as E.164 so the same number is always written the same way. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return parsePhoneNumberWithError(phone).format('E.164');
}
