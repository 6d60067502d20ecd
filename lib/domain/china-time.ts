// Times in the Domain API's answers and requests, in China Standard Time. Pure: the pages read the
// account's domain list with it (lib/account/domain-list.ts) without the API client.

/**
 * The API shows times in China Standard Time (UTC+8, no daylight saving). No page says so for these
 * fields: it is what the console shows and what QueryTaskList's example value (1522080000000, a China
 * midnight) suggests. An assumption, recorded in docs/API-TASKS.md.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant the China-time day holding `ms` began. */
export function chinaDayStart(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}

/**
 * BeginCreateTime / EndCreateTime for the China-time days from fromMs to toMs. "Only querying by day
 * is supported", and the reference's example sends the same midnight for both (one day), so both are
 * the midnight that starts their day and the end day counts in full.
 */
export function taskListDays(fromMs: number, toMs: number): { BeginCreateTime: string; EndCreateTime: string } {
  return { BeginCreateTime: String(chinaDayStart(fromMs)), EndCreateTime: String(chinaDayStart(Math.max(fromMs, toMs))) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A CreateTime in either documented format, read as China Standard Time: "2018-03-26 15:08:20"
 * (PollTaskResult, QueryTaskDetailList) or "Dec 26,2017 11:00:54" (QueryTaskList). Tolerates a
 * "T" or spaces between date and time, an unpadded day or hour and a space after the comma;
 * anything else, or an impossible date, is undefined.
 */
export function parseTaskTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ]+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (iso) return chinaTime(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]));
  const named = /^([A-Za-z]{3})[A-Za-z]*\.? +(\d{1,2}), *(\d{4})[ ,]+(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (named) {
    const month = MONTHS.indexOf((named[1] ?? '').toLowerCase()) + 1;
    if (month === 0) return undefined;
    return chinaTime(Number(named[3]), month, Number(named[2]), Number(named[4]), Number(named[5]), Number(named[6]));
  }
  return undefined;
}

function chinaTime(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  // Date.UTC rolls 31 Feb over into March: such a date is not a real one.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return utc - CHINA_OFFSET_MS;
}
