// An in-memory model of the Domain API actions the engine uses, on the (fake) clock, for engine
// tests: Save, QueryTaskDetailList, and the lookup of a lost Save's task (PollTaskResult,
// QueryTaskList, QueryTaskDetailList by domain).
import { ApiError, NetworkError } from '../../../lib/aliyun/client';
import type { DomainApi, FoundTaskDetail, TaskState } from '../../../lib/domain/api';
import { TRANSFER_CODE_TASK_TYPE } from '../../../lib/domain/task-search';

export type FakeAction = 'save' | 'query' | 'finished' | 'list' | 'detail' | 'lock-batch' | 'lock-query' | 'transfer-out' | 'domain';

export interface FakeCall {
  action: FakeAction;
  at: number;
  domain?: string;
  taskNo?: string;
  /** lock-query: the page of the task's rows asked for */
  page?: number;
}

export class FakeDomain {
  calls: FakeCall[] = [];
  /** Errors thrown by the next matching calls, in order; `acted`: the server acted first (a lost answer). */
  faults: Array<{ action?: FakeAction; error: Error; acted?: boolean }> = [];
  durationMs = 5_000;
  codes = new Map<string, string>();
  failures = new Map<string, string>();
  tasks = new Map<string, { domain: string; createdAt: number; doneAt: number }>();
  /** Batch transfer-lock tasks: their domains and when their rows end. */
  lockTasks = new Map<string, { domains: string[]; doneAt: number }>();
  /** Domains whose row of a lock task fails, with the ErrorMsg. */
  lockFailures = new Map<string, string>();
  /** The lock task is made but its answer never comes (the worker stops while it is out). */
  lockAnswerHangs = false;
  /** QueryTransferOutInfo's answer per domain (default: code obtained, sent to owner@<domain> when the code task ended). */
  transferOut = new Map<string, unknown>();
  private seq = 0;

  api(): DomainApi {
    return {
      requestTransferCode: async (domain) =>
        this.record({ action: 'save', domain }, () => {
          const taskNo = `task-${++this.seq}`;
          this.tasks.set(taskNo, { domain, createdAt: Date.now(), doneAt: Date.now() + this.durationMs });
          return taskNo;
        }),
      queryTask: async (taskNo) => this.record({ action: 'query', taskNo }, () => this.state(taskNo)),
      // Every domain's transfer lock is on until a lock task that names it has ended without failing its row.
      queryDomain: async (domain) =>
        this.record({ action: 'domain', domain }, () => ({
          RequestId: 'REQ',
          DomainName: domain,
          TransferProhibitionLock: this.lockedNow(domain) ? 'OPEN' : 'CLOSE',
        })),
      queryTransferOut: async (domain) =>
        this.record({ action: 'transfer-out', domain }, () => {
          if (this.transferOut.has(domain)) return this.transferOut.get(domain);
          const done = [...this.tasks.values()].filter((t) => t.domain === domain && Date.now() >= t.doneAt).at(-1);
          return done ? { RequestId: 'REQ', Status: 3, Email: `owner@${domain}`, TransferAuthorizationCodeSendDate: chinaTime(done.doneAt) } : { RequestId: 'REQ' };
        }),
      setTransferLock: async () => {
        throw new Error('not implemented');
      },
      setTransferLocks: async (domains) => {
        const taskNo = this.record({ action: 'lock-batch' }, () => {
          const taskNo = `lock-${++this.seq}`;
          this.lockTasks.set(taskNo, { domains: [...domains], doneAt: Date.now() + this.durationMs });
          return taskNo;
        });
        return this.lockAnswerHangs ? new Promise<string>(() => undefined) : taskNo;
      },
      // The whole task on one page, as LOCK_ROWS_PAGE_SIZE allows for any lock task.
      lockTaskPage: async (taskNo, page) =>
        this.record({ action: 'lock-query', taskNo, page }, () => {
          const task = this.lockTasks.get(taskNo);
          const rows = new Map<string, TaskState>();
          for (const domain of page === 1 ? (task?.domains ?? []) : []) {
            const failure = this.lockFailures.get(domain);
            rows.set(domain, Date.now() < task!.doneAt ? { status: 'running' } : failure ? { status: 'failure', error: failure } : { status: 'success' });
          }
          return { rows, more: false };
        }),
      listDomains: async () => {
        throw new Error('not implemented');
      },
      finishedTasks: async (domain) =>
        this.record({ action: 'finished', domain }, () =>
          [...this.tasks.keys()].map((taskNo) => this.detail(taskNo)).filter((d) => d.domain === domain && (d.task.status === 'success' || d.task.status === 'failure')),
        ),
      listTasks: async () =>
        this.record({ action: 'list' }, () => ({
          tasks: [...this.tasks.entries()].map(([taskNo, t]) => ({ taskNo, type: TRANSFER_CODE_TASK_TYPE, createdAt: t.createdAt })),
          nextPage: false,
        })),
      taskDetailFor: async (taskNo, domain) =>
        this.record({ action: 'detail', taskNo, domain }, () => (this.tasks.get(taskNo)?.domain === domain ? this.detail(taskNo) : undefined)),
    };
  }

  private lockedNow(domain: string): boolean {
    const ended = [...this.lockTasks.values()].some((t) => t.domains.includes(domain) && Date.now() >= t.doneAt);
    return !ended || this.lockFailures.has(domain);
  }

  callsOf(action: FakeAction): FakeCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  apiError(code: string, httpStatus = 400, message = ''): ApiError {
    return new ApiError(code, message, 'REQ', httpStatus, undefined);
  }

  networkError(): NetworkError {
    return new NetworkError('NetworkError', 'Could not reach the API');
  }

  private record<T>(call: Omit<FakeCall, 'at'>, act: () => T): T {
    this.calls.push({ ...call, at: Date.now() });
    const i = this.faults.findIndex((f) => !f.action || f.action === call.action);
    if (i < 0) return act();
    const [fault] = this.faults.splice(i, 1);
    if (fault.acted) act();
    throw fault.error;
  }

  private detail(taskNo: string): FoundTaskDetail {
    const task = this.tasks.get(taskNo)!;
    return { taskNo, domain: task.domain, type: TRANSFER_CODE_TASK_TYPE, createdAt: task.createdAt, task: this.state(taskNo) };
  }

  private state(taskNo: string): TaskState {
    const task = this.tasks.get(taskNo);
    if (!task || Date.now() < task.doneAt) return { status: task ? 'running' : 'waiting' };
    const failure = this.failures.get(task.domain);
    if (failure) return { status: 'failure', error: failure };
    return { status: 'success', code: this.codes.get(task.domain) ?? `CODE-${task.domain}` };
  }
}

/** "YYYY-MM-DD hh:mm:ss" in China time (UTC+8), as QueryTransferOutInfo writes its dates. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
