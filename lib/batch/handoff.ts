// "Copy for the new registrar": the batch's codes as `domain<separator>code` lines, the form a
// registrar's bulk transfer box takes. A code holding the separator (or a line break) would be cut
// in two there, so it is left out of the text and named instead. Pure.

export type Separator = 'tab' | 'comma' | 'space';

export const SEPARATORS: Readonly<Record<Separator, string>> = { tab: '\t', comma: ',', space: ' ' };

export interface HandoffRow {
  domain: string;
  /** '' while there is no code to hand over */
  code: string;
  state: string;
}

export interface Handoff {
  /** The lines, joined by "\n" ('' when there are none). */
  text: string;
  lines: number;
  /** Domains left out because their code holds the separator. */
  clash: string[];
  /** Domains left out because their code holds a line break (whatever the separator). */
  lineBreak: string[];
}

/** The done rows with a code, in the rows' order, as lines with `separator`. */
export function handoffText(rows: readonly HandoffRow[], separator: Separator): Handoff {
  const sep = SEPARATORS[separator];
  const lines: string[] = [];
  const clash: string[] = [];
  const lineBreak: string[] = [];
  for (const row of rows) {
    if (row.state !== 'done' || row.code === '') continue;
    if (/[\r\n\u2028\u2029]/.test(row.code)) lineBreak.push(row.domain);
    else if (row.code.includes(sep)) clash.push(row.domain);
    else lines.push(`${row.domain}${sep}${row.code}`);
  }
  return { text: lines.join('\n'), lines: lines.length, clash, lineBreak };
}
