// Renderer entry: connect the stores to the Node side, listen for keys, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { onKeyDown } from './keyboard/shortcuts.js';
import { wire } from './state/wire.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/queue.css';
import './styles/item.css';
import './styles/dialogs.css';

wire();
window.addEventListener('keydown', onKeyDown);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
