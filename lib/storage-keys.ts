// The storage keys of the job layout (lib/storage.ts describes it): one per job, one per page of
// ids, one per batch's ids, and the two indexes. Only names and numbers: importing this defines no
// storage item, so the layout's records can be built anywhere (tests, benchmarks, tools).

/** Ids per page: a page write stays about 2 KB, the index about 30 bytes a page. */
export const JOB_PAGE_SIZE = 50;

export const JOB_INDEX_KEY = 'local:jobIndex' as const;
export const BATCH_INDEX_KEY = 'local:batchIndex' as const;
export const jobKey = (id: string) => `local:job:${id}` as const;
export const jobPageKey = (n: number) => `local:jobPage:${n}` as const;
export const batchJobsKey = (id: string) => `local:batchJobs:${id}` as const;

/** The same keys as storage.onChanged names them (without the area). */
export const JOB_CHANGE_PREFIX = 'job:';
export const JOB_INDEX_CHANGE_KEY = 'jobIndex';
export const BATCH_INDEX_CHANGE_KEY = 'batchIndex';
