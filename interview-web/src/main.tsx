import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { captureKeyFromLocation } from './lib/identity';
import './styles/app.css';
import './styles/interview.css';

// Before anything renders: an interviewer link's `#key=…` goes into storage and out of the address bar.
captureKeyFromLocation(location, history);
// Someone may paste an interviewer link into the address bar of an open session page (no reload).
window.addEventListener('hashchange', () => captureKeyFromLocation(location, history));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
