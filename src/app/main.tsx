import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder shell: the counter (issue #3) replaces this with the app.
function App() {
  return <main>Regulars</main>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
