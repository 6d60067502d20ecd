// React's side of the popup's static first screen (lib/first-screen.ts): the domain text starts as
// what was typed into the static field, and at the first commit (before the browser paints again)
// the static screen is removed and React's field gets the focus, the caret and the selection.
// It also saves the words the popup shows, for the next open's static screen.
import { useEffect, useLayoutEffect, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { readStaticField, removeFirstScreen, saveWords } from '@/lib/first-screen';
import { htmlLang } from '@/lib/i18n';
import { useT } from '../../../components/LanguageProvider';

export function useFirstScreen(inputRef: RefObject<HTMLInputElement | null>): [string, Dispatch<SetStateAction<string>>] {
  const { t, lang } = useT();
  const [text, setText] = useState(() => readStaticField(document)?.value ?? '');

  useLayoutEffect(() => {
    const typed = readStaticField(document);
    removeFirstScreen(document);
    const input = inputRef.current;
    if (!input) return;
    // Without scrolling, so a #job link keeps its job in view.
    input.focus({ preventScroll: true });
    if (!typed) return;
    // A first render is not interrupted, so the value is the one React rendered; if it is not,
    // the newer text wins and the caret goes to its end.
    if (typed.value !== input.value) setText(typed.value);
    else if (typed.selectionStart !== null && typed.selectionEnd !== null) {
      input.setSelectionRange(typed.selectionStart, typed.selectionEnd, typed.direction);
    }
    // Runs once, at the first commit: the static screen is gone after it.
  }, []);

  useEffect(() => {
    saveWords(localStorage, {
      lang,
      htmlLang: htmlLang(lang),
      appName: t('appName'),
      label: t('domainLabel'),
      placeholder: t('domainPlaceholder'),
      button: t('getCode'),
    });
  }, [lang, t]);

  return [text, setText];
}
