// The paged answers of the Domain API's list actions (QueryTaskList, QueryDomainList, the task
// details): their rows and whether a next page follows. Pure, for the worker and the pages alike.
import { isRecord, textOf } from '../values';

/** Data.<key> of a paged answer as a list of records: an array, a single object, or nothing. */
export function rowsOf(body: unknown, key: string): Array<Record<string, unknown>> {
  const data = isRecord(body) ? body.Data : undefined;
  const raw = isRecord(data) ? data[key] : undefined;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isRecord);
}

/**
 * NextPage when given (a boolean, or the text "true"/"false"); otherwise CurrentPageNum < TotalPageNum;
 * neither: no next page (so a caller's paging always ends).
 */
export function nextPageOf(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const flag = body.NextPage;
  if (typeof flag === 'boolean') return flag;
  if (flag === 'true' || flag === 'false') return flag === 'true';
  const current = Number(textOf(body.CurrentPageNum));
  const total = Number(textOf(body.TotalPageNum));
  return Number.isFinite(current) && Number.isFinite(total) && current < total;
}
