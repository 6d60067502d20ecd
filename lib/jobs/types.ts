// The job record: one request for one domain's transfer code, from submission to code or failure.
import type { Cause } from '../aliyun/errors';
import type { Site } from '../domain/api';

/** submitting -> waiting -> done | failed */
export type JobState = 'submitting' | 'waiting' | 'done' | 'failed';

export type FailureCause = Cause | 'task-failed' | 'timed-out' | 'no-credentials';

export interface Failure {
  cause: FailureCause;
  /** The API's error code, when there is one. */
  apiCode?: string;
  /** Text from the API (Message, ErrorMsg or FailReason): shown as text, never as markup. */
  detail?: string;
}

export interface Job {
  id: string;
  domain: string;
  site: Site;
  profileId: string;
  state: JobState;
  taskNo?: string;
  /** API calls made for this job so far. */
  apiCalls: number;
  /** Polls of QueryTaskDetailList since the TaskNo arrived: drives the poll schedule. */
  polls: number;
  /** Consecutive transient failures: drives the backoff. */
  retries: number;
  createdAt: number;
  updatedAt: number;
  /** When the next API call for this job is due. */
  nextAttemptAt: number;
  taskNoAt?: number;
  finishedAt?: number;
  code?: string;
  failure?: Failure;
  /** Set when the job belongs to a batch: the batch gets one summary notification instead. */
  batchId?: string;
  /** The vault was locked when this job needed to sign: it waits for an unlock. */
  waitingForUnlock?: boolean;
  /** Set once the desktop notification for the finished job has been shown. */
  notified: boolean;
}

export const isPending = (job: Job) => job.state === 'submitting' || job.state === 'waiting';
export const isFinished = (job: Job) => job.state === 'done' || job.state === 'failed';
