// The words of the options, batch and readiness pages (lib/i18n/pages-en.ts), added to what t()
// knows when this module is imported: those pages' App modules import it; the popup does not, so
// it neither downloads nor parses them. Import it only from a page's own entry code: a module the
// popup shares would bring these words into the popup again.
import { enPages } from './pages-en';
import { addPagesPart } from './index';

addPagesPart(enPages, { zh: () => import('./pages-zh').then((m) => m.zhPages) });
