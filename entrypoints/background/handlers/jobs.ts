// Answers the pages' messages (through answer(): the sender and the payload are checked first,
// and the answer is a value, never an exception, so nothing unexpected crosses to a page).
import { copyText } from '../clipboard';
import { probeConnection } from './connection';
import { batchNoticeId, clearNotifications } from '../notifications';
import type { JobEngine } from '../../../lib/jobs/engine';
import { isBatchPayload, isIdPayload, isIdsPayload, isTextPayload, type Done } from '../../../lib/protocol/index';
import { answer } from './answer';
import { lockChangeAllowed, turnTransferLocksOff, type ApiFor } from './readiness';

const done = (found: boolean): Done => (found ? { ok: true } : { ok: false, error: 'not-found' });

/** `apiFor`: the batch lock task's API (tests give a fake; the worker, the real one). */
export function setUpJobHandlers(engine: JobEngine, apiFor?: ApiFor): void {
  answer('requestCode', isTextPayload, (data) => engine.request(data.text));
  answer('requestBatch', isBatchPayload, async (data) => {
    const unlock = data.unlock;
    if (!unlock) return engine.requestBatch(data.texts);
    // The passphrase first: a wrong one starts nothing and sends nothing.
    if (!(await lockChangeAllowed(unlock.passphrase))) return { ok: false, reason: 'unlock', failure: { ok: false, error: 'wrong-passphrase' } };
    return engine.requestBatch(data.texts, { domains: unlock.domains, turnOff: (domains, profile) => turnTransferLocksOff(domains, apiFor, profile) });
  });
  answer('listJobs', null, async () => ({ ok: true, jobs: await engine.allJobs() }));
  answer('retryJob', isIdPayload, async (data) => done(await engine.retry(data.id)));
  answer('dismissJob', isIdPayload, async (data) => done(await engine.dismiss(data.id)));
  answer('tryNow', null, async () => {
    await engine.tryNow();
    return { ok: true };
  });
  answer('clearHistory', null, async () => {
    const { jobIds, batchIds } = await engine.clearHistory();
    // Their notifications go too: a code left on screen after "Clear history" is not cleared.
    await clearNotifications([...jobIds, ...batchIds.map(batchNoticeId)]);
    return { ok: true, removed: jobIds.length };
  });
  answer('revealCodes', isIdsPayload, async (data) => {
    const codes = await engine.revealCodes(data.ids);
    return codes === 'locked' ? { ok: false, error: 'locked' } : { ok: true, codes };
  });
  answer('copyCode', isIdPayload, async (data) => {
    const codes = await engine.revealCodes([data.id]);
    if (codes === 'locked') return { ok: false, error: 'locked' };
    const code = codes[data.id];
    if (code === undefined) return done(false);
    await copyText(code);
    return done(true);
  });
  answer('testConnection', null, () => probeConnection());
}
