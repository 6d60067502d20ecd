import { createRoot } from 'react-dom/client';
import { LanguageProvider } from '@/components/LanguageProvider';
import '@/components/styles.css';
import './security-extras.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <LanguageProvider>
    <App />
  </LanguageProvider>,
);
