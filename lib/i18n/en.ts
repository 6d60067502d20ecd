// English UI strings. Every string the popup and the options page show comes from here or from
// zh.ts; lib/i18n/zh.ts must have exactly these keys (the compiler and a unit test check it).
// `{name}` marks a parameter filled in by t().
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

  // Popup: the jobs
  jobsHeading: 'Requests',
  noJobs: 'No requests yet: enter a domain and press Enter.',
  statusSubmitting: 'Submitted',
  statusWaiting: 'Waiting',
  statusDone: 'Done',
  statusFailed: 'Failed',
  retrying: 'retrying after a temporary error',
  codeLabel: 'Transfer code for {domain}',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the code and copy it by hand.',
  retry: 'Retry',
  remove: 'Remove {domain}',
  clearHistory: 'Clear history',
  announceSubmitted: '{domain}: request submitted',
  announceWaiting: '{domain}: waiting for Alibaba Cloud',
  announceReady: '{domain}: code ready',
  announceFailed: '{domain}: failed',
  announceJoined: '{domain}: already in progress',
  announceCleared: 'History cleared',

  // Options: profiles and keys
  optionsTitle: 'Options',
  profilesHeading: 'AccessKey profiles',
  activeProfile: 'Active profile',
  siteCnShort: 'China site',
  siteIntlShort: 'International site',
  addProfile: 'Add profile',
  newProfileHeading: 'New profile',
  editProfileHeading: 'Profile “{name}”',
  deleteProfile: 'Delete profile {name}',
  delete: 'Delete',
  profileName: 'Profile name',
  accessKeyId: 'AccessKey ID',
  accessKeySecret: 'AccessKey Secret',
  secretStored: 'A secret is stored. Leave the field empty to keep it.',
  secretStoredPlaceholder: 'Stored: leave empty to keep',
  stsToken: 'STS token',
  stsHint: 'Optional: only for temporary (STS) credentials.',
  tokenStored: 'A token is stored. Leave the field empty to keep it; a new secret without a token removes it.',
  site: 'Site',
  siteCn: 'China (domain.aliyuncs.com)',
  siteIntl: 'International (domain-intl.aliyuncs.com)',
  save: 'Save',
  saved: 'Saved',
  needId: 'Enter the AccessKey ID.',
  needSecret: 'Enter the AccessKey Secret.',
  nameTaken: 'Another profile already has this name.',
  secretNote: 'The secret stays in this browser: requests are signed with it, it is never sent or shown.',

  // Options: connection test
  testConnection: 'Test connection',
  testing: 'Testing…',
  keysWork: 'Keys work',
  testNeedsKey: 'Save an AccessKey first.',

  // Options: language
  language: 'Language',
  languageHint: 'Used by these pages, the notifications and Alibaba Cloud’s error messages.',
  langAuto: 'Automatic (browser language)',
  langEn: 'English',
  langZh: '中文',

  // Options: import
  importHeading: 'Import from the aliyun CLI',
  importLabel: 'Import aliyun CLI config',
  importHint: 'Choose ~/.aliyun/config.json. Profiles in AK and StsToken mode are imported; a profile with the same name is replaced.',
  importMalformed: 'This file is not valid JSON: choose the aliyun CLI’s config.json.',
  importNotConfig: 'This file is not an aliyun CLI config: it has no list of profiles.',
  importTooBig: 'This file is too large to be an aliyun CLI config.',
  importDone: 'Imported: {names}.',
  importNone: 'No profile was imported.',
  importRefusedHeading: 'Not imported:',
  refuseMode: '{name}: mode {mode} is not supported (only AK and StsToken are).',
  refuseKeys: '{name}: the AccessKey ID or secret is missing.',
  refuseToken: '{name}: StsToken mode without an STS token.',
  refuseEntry: 'Entry {index}: not a profile.',
  importSiteHint: '{name} uses region {region}: if its account is on the International site, choose International for it.',

  // Options: RAM policy
  policyHeading: 'Least-privilege RAM policy',
  policyHint: 'Give the RAM user of this AccessKey only these two permissions.',
  copyPolicy: 'Copy policy',
};

export type MessageKey = keyof typeof en;
