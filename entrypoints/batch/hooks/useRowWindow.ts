// Which rows of a long table to put in the DOM: those in view, plus a margin (issue 13).
//
// Measured with a batch of 1,000 running (tests/bench/batch-run.ts): with every row in the DOM,
// each change of one row cost the page a frame of about 80 ms of layout, pre-paint, paint and
// hover hit-testing over the whole table, so its main thread was busy 90 % of the time, with tasks
// up to 470 ms. Only the rows near the viewport are rendered; the others are stood in for by one
// empty spacer row above and one below, so the scroll height (and the scroll bar) stays about
// what the whole table would be. A table of up to `threshold` rows is rendered whole, as before.
//
// What is kept: the table, its caption, header and every column; each rendered row says where it
// is (aria-rowindex, with aria-rowcount on the table), so assistive technology announces "row 734
// of 1001". The row holding the focus stays rendered when it scrolls out of view. What is lost
// beyond the threshold: the browser's find-in-page sees only the rendered rows (Copy all and
// Export CSV always hold every row).
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RowWindowOptions {
  /** Up to this many rows, all are rendered. */
  threshold: number;
  /** Rows rendered beyond the viewport on each side. */
  overscan: number;
  /** Row height (px) assumed until rendered rows are measured. */
  estimate: number;
  /** The element that scrolls the table, when not the page (a box with overflow: auto). */
  scroller?: RefObject<HTMLElement | null>;
}

export interface RowWindow {
  /** Whether the table is windowed (longer than the threshold). */
  windowed: boolean;
  /** Index ranges to render, in order, as [start, end); gaps between them are spacers. */
  ranges: Array<[number, number]>;
  /** The height (px) a run of `n` unrendered rows stands in for. */
  spacer(n: number): number;
  /** Attach to the <tbody>: its rows carry data-row (their index). */
  bodyRef: RefObject<HTMLTableSectionElement | null>;
}

/** Start and end are moved in steps of this many rows, so a little scrolling re-renders nothing. */
const STEP = 10;

export function useRowWindow(count: number, { threshold, overscan, estimate, scroller }: RowWindowOptions): RowWindow {
  const windowed = count > threshold;
  const bodyRef = useRef<HTMLTableSectionElement | null>(null);
  const [view, setView] = useState<[number, number]>(() => [0, Math.min(count, 2 * overscan)]);
  const [rowHeight, setRowHeight] = useState(estimate);
  const [focused, setFocused] = useState<number | null>(null);
  const heightRef = useRef(rowHeight);
  heightRef.current = rowHeight;

  const measure = useCallback(() => {
    const body = bodyRef.current;
    if (!body || !windowed) return;
    const top = body.getBoundingClientRect().top;
    const box = scroller?.current?.getBoundingClientRect();
    const viewTop = box ? box.top : 0;
    const viewBottom = box ? box.bottom : window.innerHeight;
    const h = heightRef.current;
    const first = Math.max(0, Math.floor((viewTop - top) / h) - overscan);
    const last = Math.min(count, Math.ceil((viewBottom - top) / h) + overscan);
    const start = Math.max(0, Math.floor(first / STEP) * STEP);
    const end = Math.min(count, Math.max(start + 1, Math.ceil(last / STEP) * STEP));
    setView((v) => (v[0] === start && v[1] === end ? v : [start, end]));
  }, [count, overscan, windowed, scroller]);

  // Scrolling and resizing move the window (at most once a frame).
  useEffect(() => {
    if (!windowed) return;
    let frame = 0;
    const onMove = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    const target: HTMLElement | Window = scroller?.current ?? window;
    target.addEventListener('scroll', onMove, { passive: true });
    window.addEventListener('resize', onMove, { passive: true });
    measure();
    return () => {
      if (frame) cancelAnimationFrame(frame);
      target.removeEventListener('scroll', onMove);
      window.removeEventListener('resize', onMove);
    };
  }, [windowed, measure, scroller]);

  // The rendered rows' real height refines the estimate (rows wrap: a reason, a long name).
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body || !windowed) return;
    let total = 0;
    let n = 0;
    for (const row of Array.from(body.children)) {
      if (!row.hasAttribute('data-row')) continue;
      total += row.getBoundingClientRect().height;
      n++;
    }
    const average = n > 0 ? total / n : 0;
    if (average < 8) return; // not laid out (hidden, or no layout at all)
    if (Math.abs(average - heightRef.current) > 0.5) setRowHeight(average);
  });

  // The row that holds the focus stays rendered.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body || !windowed) return;
    const onFocus = (event: FocusEvent) => {
      const row = (event.target as Element | null)?.closest?.('tr[data-row]') as HTMLTableRowElement | null;
      setFocused(row ? Number(row.dataset.row) : null);
    };
    const onBlur = (event: FocusEvent) => {
      if (!body.contains(event.relatedTarget as Node | null)) setFocused(null);
    };
    body.addEventListener('focusin', onFocus);
    body.addEventListener('focusout', onBlur);
    return () => {
      body.removeEventListener('focusin', onFocus);
      body.removeEventListener('focusout', onBlur);
    };
  }, [windowed]);

  if (!windowed) return { windowed, ranges: [[0, count]], spacer: () => 0, bodyRef };
  const start = Math.min(view[0], Math.max(0, count - 1));
  const end = Math.min(Math.max(view[1], start + 1), count);
  const ranges: Array<[number, number]> = [[start, end]];
  if (focused !== null && focused < count && (focused < start || focused >= end)) {
    ranges.push([focused, focused + 1]);
    ranges.sort((a, b) => a[0] - b[0]);
  }
  return { windowed, ranges, spacer: (n) => Math.max(0, Math.round(n * rowHeight)), bodyRef };
}
