// The popup's calls to the background, with the answers reduced to what the UI does next.
// Failures become values, never exceptions, except for copy (CopyButton shows its own failure).
import { sendMessage } from '@/lib/protocol/index';
import type { Job } from '@/lib/jobs/types';
import type { SubmitOutcome } from '../entrypoints/popup/components/DomainForm';
import type { JobActions } from '../entrypoints/popup/components/JobItem';
import { openInTabOnClick, readinessPath } from './page-links';

export async function requestCode(text: string): Promise<SubmitOutcome> {
  try {
    const result = await sendMessage('requestCode', { text });
    if (result.ok) return { kind: 'started', jobId: result.jobId, joined: result.joined };
    if ('reason' in result) {
      return result.reason === 'no-credentials' ? { kind: 'no-credentials' } : { kind: 'refused', reason: result.reason };
    }
    return { kind: 'error', message: 'refused' };
  } catch {
    return { kind: 'error', message: 'noAnswer' };
  }
}

/**
 * Copies in the page (the click is the user gesture the clipboard wants); if the page may not,
 * the background copies through its offscreen document instead.
 */
async function copy(job: Job): Promise<void> {
  try {
    await navigator.clipboard.writeText(job.code ?? '');
  } catch {
    const answer = await sendMessage('copyCode', { id: job.id });
    if (!answer.ok) throw new Error('copy refused');
  }
}

async function quietly(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch {
    // The background is restarting; the list shows the unchanged job, so the user can press again.
  }
}

export const jobActions: JobActions = {
  copy,
  retry: (job) => quietly(() => sendMessage('retryJob', { id: job.id })),
  dismiss: (job) => quietly(() => sendMessage('dismissJob', { id: job.id })),
  readiness: { href: (job) => readinessPath(job.domain), open: (job) => openInTabOnClick(readinessPath(job.domain)) },
};

export const clearHistory = () => quietly(() => sendMessage('clearHistory'));
