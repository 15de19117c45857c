import { createHmac } from 'node:crypto';

/** The number without China's country code (+86, 0086 or 86 before an 11-digit mobile number). */
function nationalNumber(phone: string): string {
  return phone.replace(/^\+/, '').replace(/^(00)?86(?=1\d{10}$)/, '');
}

/** Keyed hash of a phone number: finds a requester's repeats without storing the number in a key. */
export function requesterKey(phone: string, secret: string): string {
  return createHmac('sha256', secret).update(nationalNumber(phone)).digest('base64url');
}
