// The job record (its shape is part of the protocol: pages read it as stored) and its predicates.
import type { Job } from '../protocol';

export type { Failure, FailureCause, Job, JobState } from '../protocol';

export const isPending = (job: Job) => job.state === 'submitting' || job.state === 'waiting';
export const isFinished = (job: Job) => job.state === 'done' || job.state === 'failed';
