// The English words of the service worker: notifications, failure and refusal reasons, API
// errors, the context menu and the manifest. The worker imports both languages statically (a
// service worker cannot load code later); the pages load them where they show such a reason.
// worker-zh.ts has exactly these keys. `{name}` marks a parameter.
export const workerEn = {
  // The manifest and the context menu (public/_locales holds the same strings: a test compares them)
  extName: 'Transfer Code for Alibaba Cloud',
  extDescription: 'Get the transfer authorization code (EPP code) of a domain held at Alibaba Cloud in one click.',
  menuSelection: 'Get transfer code for “%s”',
  menuLink: "Get transfer code for this link's domain",
  commandOpenPopup: 'Open Transfer Code for Alibaba Cloud',

  // Notifications
  notifyDoneTitle: 'Transfer code for {domain}',
  notifyFailedTitle: 'No transfer code for {domain}',
  notifyCopy: 'Copy code',
  // Instead of the code, when codes are hidden in notifications (for people who share their screen)
  notifyCodeReady: 'Code ready: click to copy it.',
  // Instead of the code, when it is sealed and the vault is locked (a click opens the extension to unlock it)
  notifyCodeLocked: 'Code ready: unlock the extension to see it.',
  menuRefusedTitle: 'No transfer code requested',
  lockedTitle: 'Unlock to continue',
  lockedMessage: 'Your AccessKey is locked. Open the extension and enter your passphrase: waiting requests then continue.',
  batchDoneTitleOne: 'Batch finished: 1 domain',
  batchDoneTitle: 'Batch finished: {total} domains',
  batchDoneMessage: '{done} {codes} ready, {failed} failed.',
  batchUnlockedOne: 'Transfer lock turned off: 1 domain.',
  batchUnlocked: 'Transfer locks turned off: {n} domains.',
  batchUnlockedSome: 'Transfer locks asked off: {asked}; confirmed off: {n}.',
  codeOne: 'code',
  codeMany: 'codes',

  // Why an API call failed (lib/aliyun/errors classifies the codes), as describeError says it where
  // nothing retries (the readiness page, the connection test): no sentence promises a retry.
  causeThrottled: 'Alibaba Cloud is limiting the request rate; try again in a few minutes.',
  causeBusy: 'Another operation on this domain is in progress; try again when it has finished.',
  causeServer: 'Alibaba Cloud had a temporary server error; try again in a few minutes.',
  causeNetwork: 'Alibaba Cloud could not be reached; check the network connection.',
  causeTimeout: 'Alibaba Cloud did not answer in time; check the network connection.',
  causeClock: "This computer's clock is too far from Alibaba Cloud's; set the clock correctly.",
  causeNonce: 'The request was refused as a replay; it was sent again with a new nonce.',
  causeSecret: 'The AccessKey secret is wrong: check it on the options page.',
  causeKeyNotFound: 'The AccessKey ID does not exist: check it on the options page.',
  causeKeyInactive: 'The AccessKey is disabled: enable it in the RAM console or use another key.',
  causeStsToken: 'The STS token is missing, wrong or expired: get a new one.',
  causePermission: 'This AccessKey lacks permission: grant the RAM policy shown on the options page.',
  causeParameter: 'Alibaba Cloud refused the request as malformed.',
  causeDomain: 'This domain is not in the Alibaba Cloud account of this AccessKey.',
  causeUnknown: 'Alibaba Cloud refused the request.',
  causeTaskFailed: 'Alibaba Cloud could not produce the transfer code.',
  causeTimedOut: 'Timed out: Alibaba Cloud gave no code within 24 hours.',
  causeNoCredentials: 'No AccessKey is saved: add one on the options page.',
  causeUnlockFailed: 'The transfer lock could not be turned off, so no code was requested.',
  causeStillLocked: 'The transfer lock is still on, so no code was requested. Turn it off under Transfer readiness, then retry.',
  // A failed job's reason where the job engine retried on its own before giving up
  // (lib/jobs/transitions: a submission that met throttling, busy or server errors for 30 minutes)
  retriedThrottled: 'Alibaba Cloud kept limiting the request rate through several automatic retries; try again in a few minutes.',
  retriedBusy: 'Another operation on this domain was still in progress after several automatic retries; try again when it has finished.',
  retriedServer: 'Alibaba Cloud kept having a temporary server error through several automatic retries; try again in a few minutes.',
  // What a finished task said when it said nothing (lib/domain/api's reason codes)
  taskNoCode: 'The task succeeded but returned no transfer code.',
  taskNoReason: 'The task failed without a reason.',

  // Why a text is not a domain name (lib/domain/name decides)
  refusalEmpty: 'Enter a domain name such as example.com.',
  refusalTooLongInput: 'The text is too long (over {max} characters): enter a single domain name such as example.com.',
  refusalNotAWebAddress: 'This is not a web address: enter a domain name such as example.com.',
  refusalIpAddress: 'An IP address has no transfer code: enter a domain name such as example.com.',
  refusalSingleLabel: 'This name has no domain suffix: enter a full domain name such as example.com.',
  refusalPublicSuffix: 'This is a domain suffix, not a domain: add the name in front, as in example.com.',
  refusalUnknownSuffix: 'This domain suffix is not a known public one: check the spelling of the ending.',
  refusalLabelTooLong: 'One part of this name is longer than 63 characters, which domain names do not allow.',
  refusalNameTooLong: 'This name is longer than 253 characters, which domain names do not allow.',
  refusalIllegalCharacters: 'This name has characters a domain cannot contain: use letters, digits and hyphens only.',
  refusalWildcard: 'A wildcard (*) is not a domain: enter the domain itself, such as example.com.',
  refusalEmptyLabel: 'This name has an empty part between dots: remove the extra dot.',
};

export type WorkerKey = keyof typeof workerEn;
