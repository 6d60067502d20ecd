// The batch page's call to the background, with the answer reduced to what the page does next.
// Failures become values, never exceptions.
import type { NameRefusal } from '@/lib/domain/name';
import { sendMessage } from '@/lib/protocol/index';

export type BatchOutcome =
  | { kind: 'started'; batchId: string; joined: number; refused: Array<{ text: string; reason: NameRefusal }> }
  | { kind: 'no-credentials' }
  | { kind: 'empty' }
  | { kind: 'error'; message: 'refused' | 'noAnswer' };

export async function requestBatch(texts: string[]): Promise<BatchOutcome> {
  try {
    const answer = await sendMessage('requestBatch', { texts });
    if (answer.ok) return { kind: 'started', batchId: answer.batchId, joined: answer.joined, refused: answer.refused };
    if ('reason' in answer) return answer.reason === 'no-credentials' ? { kind: 'no-credentials' } : { kind: 'empty' };
    return { kind: 'error', message: 'refused' };
  } catch {
    return { kind: 'error', message: 'noAnswer' };
  }
}
