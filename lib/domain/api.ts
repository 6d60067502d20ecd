// The Domain API actions this extension needs, typed: the transfer code (Save + QueryTaskDetailList,
// their answers read tolerantly here), the task lookup that finds the task of a Save whose answer
// was lost (PollTaskResult, QueryTaskList, QueryTaskDetailList by domain: docs/API-TASKS.md) and,
// for transfer readiness, the domain's registration data, its transfer-out state (answers read by
// the page: ./facts) and the transfer prohibition lock.
import { callRpc, type ClientOptions, type Credentials } from '../aliyun/client';
import type { Site } from '../protocol';
import { TASK_NO_CODE, TASK_NO_REASON } from '../protocol/task-reasons';
import { textOf } from '../values';
import { parseTaskTime, taskListDays } from './china-time';
import { nextPageOf, rowsOf } from './paged';

export type { Site } from '../protocol';
export type ApiLang = 'en' | 'zh';

export const API_VERSION = '2018-01-29';
export const ENDPOINTS: Record<Site, string> = {
  cn: 'https://domain.aliyuncs.com/',
  intl: 'https://domain-intl.aliyuncs.com/',
};

export type TaskStatus = 'waiting' | 'running' | 'success' | 'failure';

/** One task, normalized from the variants the API answers with. */
export interface TaskState {
  status: TaskStatus;
  /** The transfer code, verbatim, when status is success. */
  code?: string;
  /** The API's ErrorMsg / FailReason when status is failure, or TASK_NO_CODE / TASK_NO_REASON. */
  error?: string;
}

/** One task of the account as QueryTaskList lists it. */
export type TaskInfo = {
  taskNo: string;
  /** TaskType verbatim ('' when absent) */
  type: string;
  /** CreateTime read as China Standard Time (an assumption: docs/API-TASKS.md); undefined when unreadable */
  createdAt?: number;
};

/** One domain's detail of a task, as PollTaskResult or QueryTaskDetailList answer it. */
export type FoundTaskDetail = {
  taskNo: string;
  domain: string;
  /** TaskType verbatim ('' when absent) */
  type: string;
  /** CreateTime read as China Standard Time (an assumption: docs/API-TASKS.md); undefined when unreadable */
  createdAt?: number;
  task: TaskState;
};

export interface DomainApi {
  /** SaveSingleTaskForQueryingTransferAuthorizationCode: returns the TaskNo. */
  requestTransferCode(domain: string, lang: ApiLang): Promise<string>;
  /** QueryTaskDetailList for one TaskNo. */
  queryTask(taskNo: string, lang: ApiLang): Promise<TaskState>;
  /** QueryDomainByDomainName's answer as sent: the readiness page reads it with parseDomainInfo. */
  queryDomain(domain: string, lang: ApiLang): Promise<unknown>;
  /** QueryTransferOutInfo's answer as sent: the readiness page reads it with parseTransferOut. */
  queryTransferOut(domain: string, lang: ApiLang): Promise<unknown>;
  /** SaveSingleTaskForTransferProhibitionLock (Status true = lock on): returns the TaskNo. */
  setTransferLock(domain: string, on: boolean, lang: ApiLang): Promise<string>;
  /**
   * SaveBatchTaskForTransferProhibitionLock (DomainName.1..N, Status true = lock on): one task for
   * all of them, each domain a detail row of it; returns the TaskNo.
   */
  setTransferLocks(domains: readonly string[], on: boolean, lang: ApiLang): Promise<string>;
  /** QueryDomainList, one page of ACCOUNT_PAGE_SIZE (1-based): the answer as sent (lib/account/domain-list.ts reads it). */
  listDomains(pageNum: number, lang: ApiLang): Promise<unknown>;
  /** PollTaskResult for one domain (PageNum 1, PageSize FINISHED_PAGE_SIZE): its finished tasks. */
  finishedTasks(domain: string, lang: ApiLang): Promise<FoundTaskDetail[]>;
  /** QueryTaskList over the China-time days from fromMs to toMs (BeginCreateTime/EndCreateTime as the reference says): one page. */
  listTasks(fromMs: number, toMs: number, pageNum: number, lang: ApiLang): Promise<{ tasks: TaskInfo[]; nextPage: boolean }>;
  /** QueryTaskDetailList for taskNo with the DomainName filter: that domain's detail in the task, if any. */
  taskDetailFor(taskNo: string, domain: string, lang: ApiLang): Promise<FoundTaskDetail | undefined>;
  /**
   * QueryTaskDetailList for a transfer lock task, without a domain filter: one page (1-based) of
   * LOCK_ROWS_PAGE_SIZE rows, each read as a lock task's (a success has no TaskResult), by domain.
   * The jobs that follow the task share these reads (lib/jobs/lock-rows.ts).
   */
  lockTaskPage(taskNo: string, pageNum: number, lang: ApiLang): Promise<LockTaskPage>;
}

/** One page of a lock task's rows: each listed domain's state, and whether another page follows. */
export interface LockTaskPage {
  rows: ReadonlyMap<string, TaskState>;
  more: boolean;
}

/**
 * QueryTaskDetailList's PageSize bound (docs/API-TASKS.md), which is also the batch lock action's
 * list bound here: a lock task's rows fit on one page.
 */
export const LOCK_ROWS_PAGE_SIZE = 1000;

/**
 * PollTaskResult page size. The order of its rows is not documented, so one page should hold a
 * domain's whole unacknowledged history: 100 rows is far more than one domain gathers in normal use
 * and keeps the answer small (about 50 KB). A domain with more only loses this shortcut: the
 * QueryTaskList path still finds the task (lib/domain/task-search.ts).
 */
export const FINISHED_PAGE_SIZE = 100;
/** QueryTaskList page size: a day of one account's tasks fits in a few pages of 50. */
export const LIST_PAGE_SIZE = 50;
/**
 * QueryDomainList page size asked for. The reference gives no bound (docs/API-ACCOUNT.md); the sibling
 * QueryAdvancedDomainList takes 1 to 200. The pages follow the answer's NextPage, not this number.
 */
export const ACCOUNT_PAGE_SIZE = 100;

export interface DomainApiConfig extends ClientOptions {
  credentials: Credentials;
  site: Site;
  /** Overrides the site's endpoint (tests point it at the simulator). */
  endpoint?: string;
}

export function createDomainApi(config: DomainApiConfig): DomainApi {
  const { credentials, site, endpoint, ...clientOptions } = config;
  const call = <T>(action: string, params: Record<string, string>) =>
    callRpc<T>({ endpoint: endpoint ?? ENDPOINTS[site], version: API_VERSION, action, params }, credentials, clientOptions);

  return {
    async requestTransferCode(domain, lang) {
      const body = await call<Record<string, unknown>>('SaveSingleTaskForQueryingTransferAuthorizationCode', {
        DomainName: domain,
        Lang: lang,
      });
      return taskNoOf(body, 'SaveSingleTaskForQueryingTransferAuthorizationCode');
    },
    async queryTask(taskNo, lang) {
      const body = await call<unknown>('QueryTaskDetailList', {
        TaskNo: taskNo,
        PageNum: '1',
        PageSize: '10',
        Lang: lang,
      });
      return parseTaskDetails(body, taskNo);
    },
    queryDomain: (domain, lang) => call<unknown>('QueryDomainByDomainName', { DomainName: domain, Lang: lang }),
    queryTransferOut: (domain, lang) => call<unknown>('QueryTransferOutInfo', { DomainName: domain, Lang: lang }),
    async setTransferLock(domain, on, lang) {
      const body = await call<Record<string, unknown>>('SaveSingleTaskForTransferProhibitionLock', {
        DomainName: domain,
        Status: on ? 'true' : 'false',
        Lang: lang,
      });
      return taskNoOf(body, 'SaveSingleTaskForTransferProhibitionLock');
    },
    async setTransferLocks(domains, on, lang) {
      const params: Record<string, string> = { Status: on ? 'true' : 'false', Lang: lang };
      domains.forEach((domain, i) => {
        params[`DomainName.${i + 1}`] = domain;
      });
      const body = await call<Record<string, unknown>>('SaveBatchTaskForTransferProhibitionLock', params);
      return taskNoOf(body, 'SaveBatchTaskForTransferProhibitionLock');
    },
    listDomains: (pageNum, lang) =>
      call<unknown>('QueryDomainList', { PageNum: String(pageNum), PageSize: String(ACCOUNT_PAGE_SIZE), Lang: lang }),
    async finishedTasks(domain, lang) {
      const body = await call<unknown>('PollTaskResult', {
        DomainName: domain,
        PageNum: '1',
        PageSize: String(FINISHED_PAGE_SIZE),
        Lang: lang,
      });
      // The DomainName filter is the server's; checking it again costs nothing.
      return parseFoundDetails(body).filter((d) => d.domain === domain);
    },
    async listTasks(fromMs, toMs, pageNum, lang) {
      const body = await call<unknown>('QueryTaskList', {
        PageNum: String(pageNum),
        PageSize: String(LIST_PAGE_SIZE),
        ...taskListDays(fromMs, toMs),
        Lang: lang,
      });
      return parseTaskList(body);
    },
    async taskDetailFor(taskNo, domain, lang) {
      const body = await call<unknown>('QueryTaskDetailList', { TaskNo: taskNo, DomainName: domain, PageNum: '1', PageSize: '10', Lang: lang });
      return parseFoundDetails(body).find((d) => d.taskNo === taskNo && d.domain === domain);
    },
    lockTaskPage: async (taskNo, pageNum, lang) =>
      parseLockTaskPage(await call<unknown>('QueryTaskDetailList', { TaskNo: taskNo, PageNum: String(pageNum), PageSize: String(LOCK_ROWS_PAGE_SIZE), Lang: lang }), taskNo),
  };
}

/** The TaskNo that a SaveSingleTask* action answers with. */
function taskNoOf(body: Record<string, unknown>, action: string): string {
  const taskNo = textOf(body.TaskNo);
  if (!taskNo) throw new TypeError(`The answer to ${action} has no TaskNo`);
  return taskNo;
}

export { TASK_NO_CODE, TASK_NO_REASON } from '../protocol/task-reasons';
export { CHINA_OFFSET_MS, chinaDayStart, parseTaskTime, taskListDays } from './china-time';

const STATUS_BY_CODE: Record<string, TaskStatus> = { '0': 'waiting', '1': 'running', '2': 'success', '3': 'failure' };
const STATUS_BY_NAME: Record<string, TaskStatus> = {
  WAITING_EXECUTE: 'waiting',
  EXECUTING: 'running',
  EXECUTE_SUCCESS: 'success',
  EXECUTE_FAILURE: 'failure',
};

/** The TaskStatusCode wins over the TaskStatus name; anything unrecognised counts as still waiting. */
function statusOf(detail: Record<string, unknown>): TaskStatus {
  const byCode = STATUS_BY_CODE[textOf(detail.TaskStatusCode) ?? ''];
  const byName = STATUS_BY_NAME[(textOf(detail.TaskStatus) ?? '').toUpperCase()];
  return byCode ?? byName ?? 'waiting';
}

/**
 * Reads QueryTaskDetailList's answer. Tolerates Data.TaskDetail as an array or a single object,
 * TaskResult as a string or a number, and an empty list while the new task is not yet visible
 * (reported as waiting).
 */
export function parseTaskDetails(body: unknown, taskNo: string): TaskState {
  const details = rowsOf(body, 'TaskDetail');
  const detail = details.find((d) => textOf(d.TaskNo) === taskNo) ?? details[0];
  return detail ? taskStateOf(detail) : { status: 'waiting' };
}

/** One TaskDetail row as a TaskState: the code only from a success, the reason only from a failure. */
function taskStateOf(detail: Record<string, unknown>): TaskState {
  const status = statusOf(detail);
  if (status === 'success') {
    const code = textOf(detail.TaskResult);
    if (code === undefined || code === '') {
      return { status: 'failure', error: TASK_NO_CODE };
    }
    return { status, code };
  }
  if (status === 'failure') {
    const error = textOf(detail.ErrorMsg) || textOf(detail.FailReason) || TASK_NO_REASON;
    return { status, error };
  }
  return { status };
}

/**
 * A page of a lock task's rows, by domain: each one's status, and the reason of a failure. A success
 * carries no code, so TaskResult is not read. Rows of another task, or without a domain, are left
 * out; a domain listed twice keeps its first row.
 */
export function parseLockTaskPage(body: unknown, taskNo: string): LockTaskPage {
  const rows = new Map<string, TaskState>();
  for (const row of rowsOf(body, 'TaskDetail')) {
    const domain = textOf(row.DomainName);
    if (textOf(row.TaskNo) !== taskNo || !domain || rows.has(domain)) continue;
    const status = statusOf(row);
    rows.set(domain, status !== 'failure' ? { status } : { status, error: textOf(row.ErrorMsg) || textOf(row.FailReason) || TASK_NO_REASON });
  }
  return { rows, more: nextPageOf(body) };
}

/**
 * Reads the TaskDetail rows of PollTaskResult or QueryTaskDetailList (same row shape), tolerating
 * what parseTaskDetails tolerates; rows without a TaskNo or DomainName cannot be matched and are left out.
 */
export function parseFoundDetails(body: unknown): FoundTaskDetail[] {
  const found: FoundTaskDetail[] = [];
  for (const row of rowsOf(body, 'TaskDetail')) {
    const taskNo = textOf(row.TaskNo);
    const domain = textOf(row.DomainName);
    if (!taskNo || !domain) continue;
    const createdAt = parseTaskTime(textOf(row.CreateTime));
    found.push({
      taskNo,
      domain,
      type: textOf(row.TaskType) ?? '',
      ...(createdAt !== undefined ? { createdAt } : {}),
      task: taskStateOf(row),
    });
  }
  return found;
}

/**
 * Reads QueryTaskList's answer: Data.TaskInfo as an array or a single object, rows without a TaskNo
 * left out. NextPage when given; otherwise CurrentPageNum < TotalPageNum; neither: no next page
 * (so a caller's paging always ends).
 */
export function parseTaskList(body: unknown): { tasks: TaskInfo[]; nextPage: boolean } {
  const tasks: TaskInfo[] = [];
  for (const row of rowsOf(body, 'TaskInfo')) {
    const taskNo = textOf(row.TaskNo);
    if (!taskNo) continue;
    const createdAt = parseTaskTime(textOf(row.CreateTime));
    tasks.push({ taskNo, type: textOf(row.TaskType) ?? '', ...(createdAt !== undefined ? { createdAt } : {}) });
  }
  return { tasks, nextPage: nextPageOf(body) };
}
