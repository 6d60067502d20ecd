// A model of Alibaba Cloud's Domain API for the fault-schedule property test: tasks on the (fake)
// clock, one pending task per domain at a time (a second Save is refused with
// TaskIsBeingProcessed, as the real API and the simulator do), and faults injected per call:
// throttled, busy, HTTP 503, network errors, timeouts before or after the server acted, lost
// answers, and outages during which every call fails. A call from a stopped worker's engine (an
// old generation) never leaves and never answers.
import { ApiError, NetworkError } from '../../../lib/aliyun/client';
import type { DomainApi, FoundTaskDetail, TaskInfo, TaskState } from '../../../lib/domain/api';
import { TRANSFER_CODE_TASK_TYPE } from '../../../lib/domain/task-search';

export type CallFault = 'throttled' | 'busy' | 'http503' | 'network' | 'timeout' | 'acted-timeout' | 'lost';
export const CALL_FAULTS: readonly CallFault[] = ['throttled', 'busy', 'http503', 'network', 'timeout', 'acted-timeout', 'lost'];
export type OutageKind = 'network' | 'timeout' | 'http503';

/** The client's own timeout (lib/aliyun/client DEFAULT_TIMEOUT_MS): a call with no answer ends then. */
export const CALL_TIMEOUT_MS = 15_000;

export interface Outage {
  /** In ms of real (unjumped) time since the schedule started. */
  start: number;
  end: number;
  kind: OutageKind;
}

export interface RecordedCall {
  action: 'save' | 'query' | 'finished' | 'list' | 'detail';
  domain?: string;
  generation: number;
  /** Real (unjumped) time the call left and its answer (or its failure) came. */
  start: number;
  end?: number;
  fault?: CallFault | OutageKind;
}

interface Task {
  taskNo: string;
  domain: string;
  createdAt: number;
  doneAt: number;
}

export interface FaultyDomainOptions {
  /** Real time since the start of the schedule (the clock jumps do not move it). */
  realNow(): number;
  /** The engine's wall clock (jumps included). */
  wallNow(): number;
  /** One draw in [0, 1) from the schedule's seeded source. */
  random(): number;
  faultRate: number;
  outages: Outage[];
  durationOf(domain: string): number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);

export class FaultyDomain {
  readonly calls: RecordedCall[] = [];
  readonly tasks: Task[] = [];
  generation = 1;
  private seq = 0;

  constructor(private readonly o: FaultyDomainOptions) {}

  /** Tasks made per domain. */
  tasksOf(domain: string): number {
    return this.tasks.filter((t) => t.domain === domain).length;
  }

  outageAt(real: number): Outage | undefined {
    return this.o.outages.find((x) => x.start <= real && real < x.end);
  }

  api(): DomainApi {
    const generation = this.generation;
    const run = <T>(action: RecordedCall['action'], domain: string | undefined, act: () => T): Promise<T> => this.call(generation, action, domain, act);
    return {
      requestTransferCode: (domain) =>
        run('save', domain, () => {
          if (this.pending(domain)) throw new ApiError('TaskIsBeingProcessed', 'The domain has a task being processed.', 'REQ', 400, undefined);
          const task: Task = { taskNo: `task-${++this.seq}`, domain, createdAt: this.o.wallNow(), doneAt: this.o.realNow() + this.o.durationOf(domain) };
          this.tasks.push(task);
          return task.taskNo;
        }),
      queryTask: (taskNo) =>
        run('query', undefined, () => {
          const task = this.tasks.find((t) => t.taskNo === taskNo);
          return task ? this.state(task) : { status: 'waiting' as const };
        }),
      finishedTasks: (domain) =>
        run('finished', domain, () =>
          this.tasks.filter((t) => t.domain === domain && this.o.realNow() >= t.doneAt).map((t) => this.detail(t)),
        ),
      listTasks: () =>
        run('list', undefined, (): { tasks: TaskInfo[]; nextPage: boolean } => ({
          tasks: this.tasks.map((t) => ({ taskNo: t.taskNo, type: TRANSFER_CODE_TASK_TYPE, createdAt: t.createdAt })),
          nextPage: false,
        })),
      taskDetailFor: (taskNo, domain) =>
        run('detail', domain, () => {
          const task = this.tasks.find((t) => t.taskNo === taskNo && t.domain === domain);
          return task ? this.detail(task) : undefined;
        }),
      queryDomain: () => Promise.reject(new Error('not in this model')),
      queryTransferOut: () => Promise.reject(new Error('not in this model')),
      setTransferLock: () => Promise.reject(new Error('not in this model')),
      setTransferLocks: () => Promise.reject(new Error('not in this model')),
      listDomains: () => Promise.reject(new Error('not in this model')),
      lockTaskPage: () => Promise.reject(new Error('not in this model')),
    };
  }

  private async call<T>(generation: number, action: RecordedCall['action'], domain: string | undefined, act: () => T): Promise<T> {
    // A stopped worker sends nothing more.
    if (generation !== this.generation) return never();
    const record: RecordedCall = { action, generation, start: this.o.realNow(), ...(domain ? { domain } : {}) };
    this.calls.push(record);
    const outage = this.outageAt(record.start);
    const fault: CallFault | OutageKind | undefined = outage?.kind ?? (this.o.random() < this.o.faultRate ? CALL_FAULTS[Math.floor(this.o.random() * CALL_FAULTS.length)] : undefined);
    record.fault = fault;
    const answer = async <R>(ms: number, value: () => R): Promise<R> => {
      await sleep(ms);
      if (generation !== this.generation) return never();
      record.end = this.o.realNow();
      return value();
    };
    const latency = 20 + Math.floor(this.o.random() * 300);
    switch (fault) {
      case undefined: {
        // The server acts when the call arrives: a worker stopped before the answer loses it.
        let result: { value: T } | { error: unknown };
        try {
          result = { value: act() };
        } catch (error) {
          result = { error };
        }
        return answer(latency, () => {
          if ('error' in result) throw result.error;
          return result.value;
        });
      }
      case 'throttled':
        return answer(latency, () => {
          throw new ApiError('Throttling.User', 'Request was denied due to user flow control.', 'REQ', 400, undefined);
        });
      case 'busy':
        return answer(latency, () => {
          throw new ApiError('TaskIsBeingProcessed', 'The domain has a task being processed.', 'REQ', 400, undefined);
        });
      case 'http503':
        return answer(latency, () => {
          throw new ApiError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 'REQ', 503, undefined);
        });
      case 'network':
        return answer(latency, () => {
          throw new NetworkError('NetworkError', 'Could not reach the API');
        });
      case 'timeout':
        return answer(CALL_TIMEOUT_MS, () => {
          throw new NetworkError('RequestTimeout', 'No answer within 15 s');
        });
      case 'acted-timeout':
      case 'lost': {
        // The server acts at once; its answer never arrives (the client gives up at its timeout).
        try {
          act();
        } catch {
          // the server refused: nothing was made, and the refusal is lost with the answer
        }
        return answer(fault === 'lost' ? CALL_TIMEOUT_MS : latency + CALL_TIMEOUT_MS / 2, () => {
          throw new NetworkError('RequestTimeout', 'No answer within 15 s');
        });
      }
    }
  }

  private pending(domain: string): boolean {
    return this.tasks.some((t) => t.domain === domain && this.o.realNow() < t.doneAt);
  }

  private state(task: Task): TaskState {
    return this.o.realNow() >= task.doneAt ? { status: 'success', code: `CODE-${task.domain}` } : { status: 'running' };
  }

  private detail(task: Task): FoundTaskDetail {
    return { taskNo: task.taskNo, domain: task.domain, type: TRANSFER_CODE_TASK_TYPE, createdAt: task.createdAt, task: this.state(task) };
  }
}
