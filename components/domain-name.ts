// The domain-name rules (lib/domain/name) carry the public suffix list (tldts), which is most of
// the popup's code; the words for a refusal (lib/i18n/worker-words) come with them. Loading both
// on demand lets the popup paint first; they arrive long before a person has typed and pressed Enter.
type NameRules = typeof import('@/lib/domain/name') & Pick<typeof import('@/lib/i18n/worker-words'), 'refusalMessage'>;

let loading: Promise<NameRules> | undefined;

export function loadNameRules(): Promise<NameRules> {
  loading ??= Promise.all([import('@/lib/domain/name'), import('@/lib/i18n/worker-words')]).then(([name, words]) => ({
    ...name,
    refusalMessage: words.refusalMessage,
  }));
  return loading;
}
