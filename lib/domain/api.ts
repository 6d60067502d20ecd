// The Domain API actions this extension needs, typed: the transfer code (Save + QueryTaskDetailList,
// their answers read tolerantly here) and, for transfer readiness, the domain's registration data,
// its transfer-out state (answers read by the page: ./facts) and the transfer prohibition lock.
import { callRpc, type ClientOptions, type Credentials } from '../aliyun/client';
import type { Site } from '../protocol';
import { TASK_NO_CODE, TASK_NO_REASON } from '../protocol/task-reasons';
import { isRecord, textOf } from '../values';

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
}

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
  };
}

/** The TaskNo that a SaveSingleTask* action answers with. */
function taskNoOf(body: Record<string, unknown>, action: string): string {
  const taskNo = textOf(body.TaskNo);
  if (!taskNo) throw new TypeError(`The answer to ${action} has no TaskNo`);
  return taskNo;
}

export { TASK_NO_CODE, TASK_NO_REASON } from '../protocol/task-reasons';

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
  const data = isRecord(body) ? body.Data : undefined;
  const raw = isRecord(data) ? data.TaskDetail : undefined;
  const details = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isRecord);
  const detail = details.find((d) => textOf(d.TaskNo) === taskNo) ?? details[0];
  if (!detail) return { status: 'waiting' };

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
