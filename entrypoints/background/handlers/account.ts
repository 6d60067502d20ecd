// The account's domains for the batch page's picker: one QueryDomainList page per message, the
// answer as it came. The page reads it (lib/account/domain-list.ts) and follows its NextPage, so
// the parsing stays out of the service worker's bundle.
import { isPageNumPayload } from '../../../lib/protocol/index';
import { callActiveApi, defaultApiFor, type ApiFor } from './active-api';
import { answer } from './answer';

export function listAccountPage(pageNum: number, apiFor: ApiFor = defaultApiFor) {
  return callActiveApi(apiFor, async (api, lang) => ({ ok: true as const, answer: await api.listDomains(pageNum, lang) }));
}

export function setUpAccountHandlers(apiFor: ApiFor = defaultApiFor): void {
  answer('listAccountDomains', isPageNumPayload, (data) => listAccountPage(data.pageNum, apiFor));
}
