// Where Alibaba Cloud also sent a job's code, and the hint when the AccessKey may not read it:
// loaded only once a job shows such a note or a code (React.lazy in JobItem and JobList), so the
// words, the date formatting and the storage read stay out of the popup's first paint.
import type { Job } from '@/lib/jobs/types';
import { transferOutDeniedFor, transferOutDeniedText, transferOutLine } from '@/lib/i18n/transfer-out-words';
import { transferOutDeniedItem } from '@/lib/storage';
import { useStorageValue } from '../../../components/hooks/useStorageValue';
import { useT } from '../../../components/LanguageProvider';

/** The quiet line under a done job (only what the worker learnt). */
export function TransferOutNote({ job }: { job: Job }) {
  const { lang } = useT();
  const line = transferOutLine(job.transferOut, lang);
  return line ? <p className="hint transfer-out">{line}</p> : null;
}

/** Said once below the list: a shown done job's profile may not read where the codes were emailed. */
export function TransferOutDeniedHint({ jobs }: { jobs: readonly Job[] }) {
  const { lang } = useT();
  const denied = useStorageValue(transferOutDeniedItem);
  return transferOutDeniedFor(jobs, denied) ? <p className="hint transfer-out-denied">{transferOutDeniedText(lang)}</p> : null;
}
