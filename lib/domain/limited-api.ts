// A Domain API whose every call waits for its turn first: the worker gives the pages' calls
// (readiness, the lock switch, the account's list, a batch's lock task) the job engine's rate
// limiter this way, so that pages and jobs together stay within the rate setting.
import type { DomainApi } from './api';

/** Runs one call when the limiter lets it go (JobEngine.limited). */
export type Limited = <T>(send: () => Promise<T>) => Promise<T>;

function gate<A extends unknown[], R>(call: (...args: A) => Promise<R>, limited: Limited): (...args: A) => Promise<R> {
  return (...args) => limited(() => call(...args));
}

/** `api` with each call through `limited`; every method is listed, so a new one cannot slip past. */
export function withLimiter(api: DomainApi, limited: Limited): DomainApi {
  return {
    requestTransferCode: gate(api.requestTransferCode, limited),
    queryTask: gate(api.queryTask, limited),
    queryDomain: gate(api.queryDomain, limited),
    queryTransferOut: gate(api.queryTransferOut, limited),
    setTransferLock: gate(api.setTransferLock, limited),
    setTransferLocks: gate(api.setTransferLocks, limited),
    listDomains: gate(api.listDomains, limited),
    finishedTasks: gate(api.finishedTasks, limited),
    listTasks: gate(api.listTasks, limited),
    taskDetailFor: gate(api.taskDetailFor, limited),
    lockTaskPage: gate(api.lockTaskPage, limited),
  };
}
