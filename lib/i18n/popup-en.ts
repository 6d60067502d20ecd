// The English words of the popup and of what it shares with the other pages (job states, the
// unlock form): built in, so the popup never waits for them. The options, batch and readiness
// pages' own words are in pages-en.ts (lib/i18n/pages.ts adds them). popup-zh.ts has exactly these keys
// (the compiler and tests/unit/i18n.test.ts check it). `{name}` marks a parameter filled in by t().
export const en = {
  appName: 'Transfer Code for Alibaba Cloud',

  // Popup: the form
  domainLabel: 'Domain name',
  domainPlaceholder: 'example.com',
  getCode: 'Get transfer code',
  noKeyTitle: 'No AccessKey saved yet',
  noKeyBody: 'Add an AccessKey on the options page, then request codes here.',
  openOptions: 'Open options',
  noAnswer: 'The extension did not answer: close this window and try again.',
  refused: 'The extension refused the request.',
  lockedTitle: 'Your AccessKey is locked',
  lockedBody: 'Enter your passphrase: waiting requests then continue.',
  wrongPassphraseRetry: 'Wrong passphrase: try again.',

  // Popup: the jobs
  jobsHeading: 'Requests',
  noJobs: 'No requests yet: enter a domain and press Enter.',
  statusSubmitting: 'Submitted',
  statusWaiting: 'Waiting',
  statusDone: 'Done',
  statusFailed: 'Failed',
  statusLocked: 'Waiting for unlock',
  retrying: 'retrying after a temporary error',
  // A pending job that keeps trying through a temporary fault (never "Failed" for it)
  statusRetrying: 'Retrying',
  causeUnreachable: 'Alibaba Cloud not reachable',
  causeThrottled: 'Alibaba Cloud is limiting requests',
  causeBusy: 'Another operation on this domain is in progress at Alibaba Cloud',
  /** {cause} is one of the three above; {when} is retryIn or retryNow */
  retryLine: '{cause}, {when}',
  retryIn: 'next try in {seconds} s',
  retryNow: 'trying now',
  tryNow: 'Try now',
  codeLabel: 'Transfer code for {domain}',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the code and copy it by hand.',
  // A finished job's code that is not shown (issue 15: codes are sealed while the vault is on)
  codeHiddenLocked: 'Unlock to see the code.',
  codeOpening: 'Opening the code…',
  codeRemoved: 'The code was deleted after the retention period.',
  codeUnavailable: 'The code could not be shown.',
  retry: 'Retry',
  remove: 'Remove {domain}',
  clearHistory: 'Clear history',
  showOlder: 'Show older requests',
  announceSubmitted: '{domain}: request submitted',
  announceWaiting: '{domain}: waiting for Alibaba Cloud',
  announceReady: '{domain}: code ready',
  announceFailed: '{domain}: failed',
  announceJoined: '{domain}: already in progress',
  announceCleared: 'History cleared',
  announceLocked: '{domain}: waiting for unlock',
  announceRetrying: '{domain}: {cause}, retrying',
  /** the batch page, once when Alibaba Cloud stops answering the whole engine */
  announceRetryingAll: '{cause}, retrying',
  /** between the phrases of one announcement */
  announceJoin: '. ',

  // Shared with the options page: the unlock form and the profile fields it names
  accessKeyId: 'AccessKey ID',
  site: 'Site',
  unlockFirst: 'Your AccessKey is locked: unlock it under Security first.',
  passphrase: 'Passphrase',
  unlock: 'Unlock',
  passphraseEmpty: 'Enter the passphrase.',
  passphraseTooShort: 'The passphrase needs at least {min} characters. Nothing was changed.',
  passphraseMismatch: 'The passphrases do not match. Nothing was changed.',
  wrongPassphrase: 'Wrong passphrase. Nothing was changed.',
  vaultStateChanged: 'The encryption state changed meanwhile: check it and try again.',
  vaultUnlockedNow: 'Unlocked.',

  // Popup: links to the other pages
  batchLink: 'Batch: many domains',
  checkReadiness: 'Check transfer readiness',
};

export type CoreKey = keyof typeof en;
