// Finds the task that a Save (SaveSingleTaskForQueryingTransferAuthorizationCode) whose answer was
// lost may have made, so that the caller sends the Save again only when Alibaba holds no such task:
// exactly one task per request. The facts it relies on, and their doubts: docs/API-TASKS.md.
import { chinaDayStart, parseTaskTime, taskListDays, type ApiLang, type DomainApi, type FoundTaskDetail, type TaskInfo, type TaskState } from './api';

export { chinaDayStart, parseTaskTime, taskListDays };

export type TaskSearchApi = Pick<DomainApi, 'finishedTasks' | 'listTasks' | 'taskDetailFor'>;

/**
 * Clock slack: a task's CreateTime is the server's clock, sinceMs is ours. The API refuses requests
 * whose Timestamp is more than 15 minutes off its clock, so the two differ by at most that much.
 */
export const CLOCK_SLACK_MS = 15 * 60_000;
/** QueryTaskList pages read at most: a busy account's day, without letting a search run away. */
export const MAX_LIST_PAGES = 5;
/** Listed tasks checked one by one with QueryTaskDetailList at most (each check is one call). */
export const MAX_CANDIDATES = 10;

/**
 * The TaskType values the reference documents (QueryTaskList, QueryTaskDetailList and the SDK
 * models of 2018-01-29). None of them is the transfer-code task: a type in this list is some other
 * operation, whatever it did to the domain.
 */
export const OTHER_TASK_TYPES: ReadonlySet<string> = new Set([
  'CHG_HOLDER',
  'CHG_DNS',
  'SET_WHOIS_PROTECT',
  'UPDATE_ADMIN_CONTACT',
  'UPDATE_BILLING_CONTACT',
  'UPDATE_TECH_CONTACT',
  'SET_UPDATE_PROHIBITED',
  'SET_TRANSFER_PROHIBITED',
  'ORDER_ACTIVATE',
  'ORDER_RENEW',
  'ORDER_REDEEM',
  'CREATE_DNSHOST',
  'UPDATE_DNSHOST',
  'SYNC_DNSHOST',
  'UPDATE_REGISTRANT_CONTACT',
  'DELETE_DOMAIN',
]);

/**
 * The TaskType this project's simulator and fakes give a transfer-code task. Made up: the reference
 * documents no value for it (docs/API-TASKS.md), so the search does not rely on it (transferCodeRank).
 */
export const TRANSFER_CODE_TASK_TYPE = 'QUERY_TRANSFER_AUTHORIZATION_CODE';

/** Names that say "transfer (authorization) code"; TRANSFER_CODE_TASK_TYPE is one. */
const CODE_TYPE = /AUTH\w*CODE|TRANSFER\w*CODE|EPP/i;

/**
 * How likely a TaskType is the transfer-code task: 0 a name that says so, 1 a type the reference
 * does not list (the transfer-code task's type is not documented, so an unknown or empty type may be
 * it), undefined a documented other operation (never a candidate).
 */
export function transferCodeRank(type: string): 0 | 1 | undefined {
  const t = type.trim().toUpperCase();
  if (OTHER_TASK_TYPES.has(t)) return undefined;
  return CODE_TYPE.test(t) ? 0 : 1;
}

/**
 * Likelier types first, then the closest in time to when the lost Save left (`sinceMs`: in a batch
 * the account makes many tasks that day, and the lost one was made right after its Save left);
 * without `sinceMs`, newest first. An unknown creation time goes last.
 */
function byLikelihood(sinceMs?: number) {
  const distance = (t: { createdAt?: number }) =>
    t.createdAt === undefined ? Infinity : sinceMs === undefined ? -t.createdAt : Math.abs(t.createdAt - sinceMs);
  return (a: { type: string; createdAt?: number }, b: { type: string; createdAt?: number }): number => {
    const rank = (transferCodeRank(a.type) ?? 2) - (transferCodeRank(b.type) ?? 2);
    return rank !== 0 ? rank : distance(a) - distance(b);
  };
}

/**
 * The QueryTaskList window: from the China day of sinceMs − slack to the China day of nowMs + slack
 * (the server's clock may already be on the next day).
 */
export function searchWindow(sinceMs: number, nowMs: number): { fromMs: number; toMs: number } {
  return { fromMs: sinceMs - CLOCK_SLACK_MS, toMs: Math.max(sinceMs, nowMs) + CLOCK_SLACK_MS };
}

/**
 * The listed tasks worth a QueryTaskDetailList call: a possible transfer-code type, not created
 * before `notBefore` (an unreadable CreateTime is kept: the day range bounds it and the detail's own
 * time decides), each TaskNo once, likeliest first, at most MAX_CANDIDATES.
 */
export function transferCodeCandidates(tasks: readonly TaskInfo[], notBefore: number, sinceMs?: number, known: ReadonlySet<string> = new Set()): TaskInfo[] {
  const seen = new Set<string>(known);
  return tasks
    .filter((t) => transferCodeRank(t.type) !== undefined && (t.createdAt === undefined || t.createdAt >= notBefore))
    .filter((t) => {
      if (seen.has(t.taskNo)) return false;
      seen.add(t.taskNo);
      return true;
    })
    .sort(byLikelihood(sinceMs))
    .slice(0, MAX_CANDIDATES);
}

/**
 * Whether a detail is the task the lost Save made: this domain, a possible transfer-code type, and
 * provably created at or after `notBefore` (by the detail's CreateTime, else the listing's). A task
 * whose age cannot be told is not taken: an old task could hold a stale code, and sending the Save
 * again is the safe side.
 */
export function isLostSaveTask(detail: FoundTaskDetail, domain: string, notBefore: number, listedAt?: number): boolean {
  const createdAt = detail.createdAt ?? listedAt;
  return (
    detail.domain === domain &&
    transferCodeRank(detail.type) !== undefined &&
    createdAt !== undefined &&
    createdAt >= notBefore
  );
}

/** The likeliest, newest finished task (PollTaskResult) of a lost Save, if any. */
export function pickFinished(details: readonly FoundTaskDetail[], domain: string, notBefore: number): FoundTaskDetail | undefined {
  return details.filter((d) => isLostSaveTask(d, domain, notBefore)).sort(byLikelihood())[0];
}

/**
 * The transfer-code task a lost Save of `domain` may have made at or after sinceMs, if Alibaba holds
 * one. `known`: TaskNos the caller already holds for other requests (never this one's).
 */
export async function findTransferCodeTask(
  api: TaskSearchApi,
  domain: string,
  sinceMs: number,
  nowMs: number,
  lang: ApiLang,
  known: ReadonlySet<string> = new Set(),
): Promise<{ taskNo: string; task: TaskState } | undefined> {
  const notBefore = sinceMs - CLOCK_SLACK_MS;
  // One call finds a finished task: the common case once an outage is over.
  const finished = pickFinished((await api.finishedTasks(domain, lang)).filter((d) => !known.has(d.taskNo)), domain, notBefore);
  if (finished) return { taskNo: finished.taskNo, task: finished.task };

  // A task still waiting or running shows only in the account's task list.
  const { fromMs, toMs } = searchWindow(sinceMs, nowMs);
  const listed: TaskInfo[] = [];
  for (let page = 1; page <= MAX_LIST_PAGES; page++) {
    const { tasks, nextPage } = await api.listTasks(fromMs, toMs, page, lang);
    listed.push(...tasks);
    if (!nextPage || tasks.length === 0) break;
  }
  for (const candidate of transferCodeCandidates(listed, notBefore, sinceMs, known)) {
    const detail = await api.taskDetailFor(candidate.taskNo, domain, lang);
    if (detail && detail.taskNo === candidate.taskNo && isLostSaveTask(detail, domain, notBefore, candidate.createdAt)) {
      return { taskNo: detail.taskNo, task: detail.task };
    }
  }
  return undefined;
}
