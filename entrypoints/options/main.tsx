import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<main>Transfer Code for Alibaba Cloud</main>);
