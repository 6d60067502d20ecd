// The domain-name rules (lib/domain/name) carry the public suffix list (tldts), which is most of
// the popup's code. Loading them on demand lets the popup paint first; they arrive long before
// a person has typed and pressed Enter.
type NameModule = typeof import('@/lib/domain/name');

let loading: Promise<NameModule> | undefined;

export function loadNameRules(): Promise<NameModule> {
  loading ??= import('@/lib/domain/name');
  return loading;
}
