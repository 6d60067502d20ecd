// Public types of the Alibaba Cloud Domain API simulator. Other code (tests, the demo) imports
// these names, so they are kept stable; server.ts re-exports them.

export interface SimulatorOptions {
  /** AccessKeyId -> secret. Default { testid: 'testsecret' }. STS key ids need an entry here too. */
  accessKeys?: Record<string, string>;
  /** ids that answer InvalidAccessKeyId.Inactive */
  inactiveKeys?: string[];
  /** AccessKeyId ('STS.xxx') -> required SecurityToken */
  stsTokens?: Record<string, string>;
  /** Save -> task result available. Default 3000 */
  taskDurationMs?: number;
  /** waiting -> running (default: half of the task's duration) */
  runningAfterMs?: number;
  /**
   * per domain (Unicode, lower-case) overrides. These domains, in this order, are also the account's
   * list that QueryDomainList pages through.
   */
  domains?: Record<string, DomainSetup>;
  /** domain not in `domains`: 'accept' (default) treats it as owned; 'refuse' -> DomainNotExist */
  unknownDomains?: 'accept' | 'refuse';
  /** the server's clock = real clock + skew (affects Date header & timestamp window) */
  clockSkewMs?: number;
  /** clock source, default Date.now (tests may inject) */
  now?: () => number;
  /** 0/undefined = random free port, bind 127.0.0.1 */
  httpsPort?: number;
  httpPort?: number;
  /**
   * false -> Forbidden.RAM for the actions that need that RAM action (README.md "RAM actions"):
   * transferOut = domain:DomainTransferOutOperation (SaveSingleTaskForQueryingTransferAuthorizationCode),
   * queryTask = domain:QueryDomainTask (QueryTaskDetailList, QueryTaskList, PollTaskResult),
   * queryCommonInfo = domain:QueryCommonInfo (QueryDomainByDomainName, QueryDomainList),
   * queryTransferOut = domain:QueryDomainTransferOut (QueryTransferOutInfo),
   * securitySetting = domain:SecuritySetting (SaveSingleTaskForTransferProhibitionLock,
   * SaveBatchTaskForTransferProhibitionLock).
   */
  permissions?: {
    transferOut?: boolean;
    queryTask?: boolean;
    queryCommonInfo?: boolean;
    queryTransferOut?: boolean;
    securitySetting?: boolean;
  };
  /**
   * Addition (optional): a Save for a domain that already has a pending task of the same key.
   * 'refuse' (default) answers TaskIsBeingProcessed, as the action's reference page shows;
   * 'allow' creates another task.
   */
  concurrentTasks?: 'refuse' | 'allow';
  /**
   * Addition (optional): for this long after Save, QueryTaskDetailList returns an empty list for
   * the new task (API.md: "an empty list while the task is not yet visible"). Default 0.
   */
  taskVisibleAfterMs?: number;
  /**
   * Addition (optional): flow control like the API gateway's, per AccessKey: a token bucket of
   * this many requests a second (burst: one second's worth). Requests beyond it answer
   * Throttling.User and are counted in `throttled`.
   */
  rateLimitPerSecond?: number;
  /**
   * Addition (optional): the TaskType of transfer-code tasks. Default QUERY_TRANSFER_AUTHORIZATION_CODE,
   * which is made up: the reference documents no value for it (docs/API-TASKS.md).
   */
  codeTaskType?: string;
  /**
   * Addition (optional): QueryDomainList uses at most this page size (a positive integer), whatever
   * PageSize asks, and its answer's PageSize says the smaller size: a client must follow NextPage.
   */
  listPageSizeCap?: number;
}

export interface DomainSetup {
  /** the transfer code this domain's task returns */
  code?: string;
  /** overrides taskDurationMs for this domain */
  durationMs?: number;
  /** FailReason -> the task ends EXECUTE_FAILURE with this ErrorMsg / FailReason */
  fail?: string;
  /** registration time, ms (default: 2 years before the simulator started) */
  registeredAt?: number;
  /** expiration time, ms (default: 1 year after the simulator started) */
  expiresAt?: number;
  /** the transfer prohibition lock (TransferProhibitionLock OPEN / CLOSE) at start; default false */
  transferLock?: boolean;
  /**
   * QueryDomainByDomainName's DomainStatus, verbatim. Real values: "1" renewal required,
   * "2" redemption required, "3" normal. Default: derived from expiresAt (see README.md).
   */
  status?: string;
  /** EmailVerificationClientHold: the domain is on clientHold (email not verified). Default false */
  clientHold?: boolean;
  /** a transfer-out in progress or finished, as QueryTransferOutInfo reports it */
  transferOut?: TransferOutSetup;
  /** the transfer-lock task (or this domain's row of a batch lock task) ends EXECUTE_FAILURE with this reason (the lock stays) */
  lockFail?: string;
}

export interface TransferOutSetup {
  /** 1 verify phone, 2 verify email, 3 code obtained, 4 transfer-out pending at the registry, 5 done, 8 failed */
  status: 1 | 2 | 3 | 4 | 5 | 8;
  /** PendingRequestDate (status 4) / ResultDate; default: one day before the simulator started */
  at?: number;
  /** ResultCode / ResultMsg (status 8), e.g. clientRejected / Transfer out rejected */
  resultCode?: string;
  resultMsg?: string;
}

/** What the simulator holds for a domain right now (for tests). */
export interface DomainState {
  registeredAt: number;
  expiresAt: number;
  transferLock: boolean;
  /** DomainStatus as QueryDomainByDomainName answers it */
  status: string;
  transferOutStatus: 'NORMAL' | 'PENDING';
}

export type Fault =
  | { kind: 'error'; code: string; httpStatus?: number; message?: string; action?: string; times?: number }
  | { kind: 'http5xx'; httpStatus?: number; action?: string; times?: number }
  | { kind: 'drop'; action?: string; times?: number } // destroy the socket without answering
  | { kind: 'delay'; ms: number; action?: string; times?: number }
  // the request is processed (a Save makes its task), then the socket is destroyed without an answer
  | { kind: 'lost-answer'; action?: string; times?: number };

/** `setOutage`: 'drop' destroys each request's socket, 'hang' holds it unanswered; null ends the outage. */
export type OutageMode = 'drop' | 'hang' | null;

export interface CallRecord {
  at: number;
  action: string;
  params: Record<string, string>;
  method: string;
  /** 0 when no answer was sent: a `drop` or `lost-answer` fault, or an outage */
  status: number;
  code?: string;
}

export interface TaskSummary {
  taskNo: string;
  domain: string;
  status: number;
  code?: string;
  /** only on transfer-lock tasks: the lock state the task sets (true = on) */
  lockOn?: boolean;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:PORT/ */
  httpUrl: string;
  /** e.g. https://127.0.0.1:PORT/ (self-signed cert made at start) */
  httpsUrl: string;
  httpPort: number;
  httpsPort: number;
  certPem: string;
  /** base64 SHA-256 of the cert's SubjectPublicKeyInfo (for --ignore-certificate-errors-spki-list) */
  spkiSha256: string;
  /** every request, in order */
  calls: CallRecord[];
  /** Requests refused by `rateLimitPerSecond`. */
  readonly throttled: number;
  callsTo(action: string): CallRecord[];
  /** queued; applies to the next `times` (default 1) matching requests, right after the Action is parsed */
  injectFault(f: Fault): void;
  setClockSkew(ms: number): void;
  /**
   * Starts or ends an outage. 'drop': every request's socket is destroyed once it is read; 'hang':
   * requests are read and never answered (the client's own timeout ends them; held sockets are
   * destroyed when the outage ends). Both record the call with status 0 and process nothing.
   */
  setOutage(mode: OutageMode): void;
  tasks(): TaskSummary[];
  /** force a task to its final state now */
  completeTask?(taskNo: string): void;
  /** the domain's registration data and locks as the simulator holds them now */
  domainState?(domain: string): DomainState;
  close(): Promise<void>;
}
