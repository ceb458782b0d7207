import { mount } from 'svelte';
import App from './App.svelte';
import FramedNotice from './components/FramedNotice.svelte';
import { isFramedByOtherOrigin } from './lib/framing';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// Framed by another site: explain and stop, before any storage is opened or any input is taken.
if (isFramedByOtherOrigin(window)) mount(FramedNotice, { target, props: { href: location.href } });
else {
  mount(App, { target });
  // The service worker (offline shell, updates, opt-in isolation) starts after the first load.
  if (import.meta.env.PROD)
    addEventListener('load', () => void import('./lib/pwa/register').then((m) => m.startPwa()));
}
