// Answers the pages' messages. Every handler checks the sender and the payload first and
// answers with a value (never an exception) so nothing unexpected crosses to a page.
import { copyText } from '../clipboard';
import { testConnection } from '../credentials/test-connection';
import type { JobEngine } from '../jobs/engine';
import { getJob, getJobs } from '../jobs/store';
import { isIdPayload, isTextPayload, isTextsPayload, onMessage, type Done, type Refused } from '../messaging';
import { trusted } from './sender';

const FORBIDDEN: Refused = { ok: false, error: 'forbidden' };
const INVALID: Refused = { ok: false, error: 'invalid' };

const done = (found: boolean): Done => (found ? { ok: true } : { ok: false, error: 'not-found' });

export function setUpMessages(engine: JobEngine): void {
  onMessage('requestCode', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isTextPayload(data)) return INVALID;
    return engine.request(data.text);
  });
  onMessage('requestBatch', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isTextsPayload(data)) return INVALID;
    return engine.requestBatch(data.texts);
  });
  onMessage('listJobs', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    return { ok: true, jobs: await getJobs() };
  });
  onMessage('retryJob', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isIdPayload(data)) return INVALID;
    return done(await engine.retry(data.id));
  });
  onMessage('dismissJob', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isIdPayload(data)) return INVALID;
    return done(await engine.dismiss(data.id));
  });
  onMessage('clearHistory', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    return { ok: true, removed: await engine.clearHistory() };
  });
  onMessage('copyCode', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isIdPayload(data)) return INVALID;
    const job = await getJob(data.id);
    if (!job?.code) return done(false);
    await copyText(job.code);
    return done(true);
  });
  onMessage('testConnection', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    return testConnection();
  });
}
