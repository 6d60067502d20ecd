// An in-memory model of the two Domain API actions, on the (fake) clock, for engine tests.
import { ApiError, NetworkError } from '../../../lib/aliyun/client';
import type { DomainApi, TaskState } from '../../../lib/domain/api';

export type FakeAction = 'save' | 'query';

export interface FakeCall {
  action: FakeAction;
  at: number;
  domain?: string;
  taskNo?: string;
}

export class FakeDomain {
  calls: FakeCall[] = [];
  /** Errors thrown by the next matching calls, in order. */
  faults: Array<{ action?: FakeAction; error: Error }> = [];
  durationMs = 5_000;
  codes = new Map<string, string>();
  failures = new Map<string, string>();
  tasks = new Map<string, { domain: string; doneAt: number }>();
  private seq = 0;

  api(): DomainApi {
    return {
      requestTransferCode: async (domain) => {
        this.record({ action: 'save', domain });
        const taskNo = `task-${++this.seq}`;
        this.tasks.set(taskNo, { domain, doneAt: Date.now() + this.durationMs });
        return taskNo;
      },
      queryTask: async (taskNo) => {
        this.record({ action: 'query', taskNo });
        return this.state(taskNo);
      },
      // The readiness actions are not part of the engine's model.
      queryDomain: async () => {
        throw new Error('not implemented');
      },
      queryTransferOut: async () => {
        throw new Error('not implemented');
      },
      setTransferLock: async () => {
        throw new Error('not implemented');
      },
    };
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

  private record(call: Omit<FakeCall, 'at'>) {
    this.calls.push({ ...call, at: Date.now() });
    const i = this.faults.findIndex((f) => !f.action || f.action === call.action);
    if (i >= 0) {
      const [fault] = this.faults.splice(i, 1);
      throw fault.error;
    }
  }

  private state(taskNo: string): TaskState {
    const task = this.tasks.get(taskNo);
    if (!task || Date.now() < task.doneAt) return { status: task ? 'running' : 'waiting' };
    const failure = this.failures.get(task.domain);
    if (failure) return { status: 'failure', error: failure };
    return { status: 'success', code: this.codes.get(task.domain) ?? `CODE-${task.domain}` };
  }
}
