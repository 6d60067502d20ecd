// What the batch page will send, decided before anything is sent: every entry normalized with its
// own refusal, duplicates (after normalization) merged into their first line. Pure: the name
// parser is a parameter (the page loads it on demand; the tests pass the real one).
import type { NameRefusal, NameResult } from '../domain/name';
import { MAX_BATCH } from '../protocol/limits';
import type { Entry } from './parse';

export type PreviewRow =
  | { kind: 'ok'; line: number; text: string; domain: string }
  | { kind: 'refused'; line: number; text: string; reason: NameRefusal }
  | { kind: 'duplicate'; line: number; text: string; domain: string; firstLine: number };

export interface BatchPlan {
  rows: PreviewRow[];
  /** The texts to send: the first entry of each distinct domain, in input order. */
  texts: string[];
  refused: number;
  duplicates: number;
  /** More distinct domains than one batch may hold (MAX_BATCH): nothing may be sent. */
  tooMany: boolean;
}

export function planBatch(entries: readonly Entry[], normalize: (text: string) => NameResult): BatchPlan {
  const firstLineOf = new Map<string, number>();
  const rows: PreviewRow[] = [];
  const texts: string[] = [];
  let refused = 0;
  let duplicates = 0;
  for (const { line, text } of entries) {
    const name = normalize(text);
    if (!name.ok) {
      refused++;
      rows.push({ kind: 'refused', line, text, reason: name.reason });
      continue;
    }
    const firstLine = firstLineOf.get(name.domain);
    if (firstLine !== undefined) {
      duplicates++;
      rows.push({ kind: 'duplicate', line, text, domain: name.domain, firstLine });
      continue;
    }
    firstLineOf.set(name.domain, line);
    texts.push(text);
    rows.push({ kind: 'ok', line, text, domain: name.domain });
  }
  return { rows, texts, refused, duplicates, tooMany: texts.length > MAX_BATCH };
}
