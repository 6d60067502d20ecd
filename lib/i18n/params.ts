// Filling a sentence's `{name}` placeholders: one way for every table (lib/i18n t() and the
// worker's workerT()). Values go in as plain text; an unknown placeholder stays as written.

export type Params = Record<string, string | number>;

const PARAM = /\{(\w+)\}/g;

export function fillParams(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(PARAM, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
