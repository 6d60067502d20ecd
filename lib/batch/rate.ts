// The "Requests per second" setting: whole numbers from 1 to 20 (default: the engine's).
import { DEFAULT_REQUESTS_PER_SECOND } from '../jobs/rate-limit';

export const MIN_RATE = 1;
export const MAX_RATE = 20;
export { DEFAULT_REQUESTS_PER_SECOND };

/** The rate typed in the field, or null when it is not a whole number in range. */
export function parseRate(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= MIN_RATE && n <= MAX_RATE ? n : null;
}
