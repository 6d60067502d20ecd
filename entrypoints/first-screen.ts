// A classic script at the end of popup.html, run before the first paint: shows the static first
// screen in the language the popup last showed (lib/first-screen.ts). No browser APIs, no imports
// beyond that module, so it stays a few hundred bytes.
import { applyFirstScreen, planFirstScreen, readUiLang, readWords } from '@/lib/first-screen';

export default defineUnlistedScript(() => {
  applyFirstScreen(document, planFirstScreen(readWords(localStorage), readUiLang(localStorage), navigator.language));
});
