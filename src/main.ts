import { mount } from 'svelte';
import App from './App.svelte';
import FramedNotice from './components/FramedNotice.svelte';
import { isFramedByOtherOrigin } from './lib/framing';
import { locale } from './lib/i18n/locale';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
document.documentElement.lang = locale;
const start = () => {
  // Framed by another site: explain and stop, before any storage is opened or any input is taken.
  if (isFramedByOtherOrigin(window)) {
    mount(FramedNotice, { target, props: { href: location.href } });
    return;
  }
  mount(App, { target });
  // The service worker (offline shell, updates, opt-in isolation) starts after the first load
  // (which may be over already when the French words were fetched first).
  if (!import.meta.env.PROD) return;
  const pwa = () => void import('./lib/pwa/register').then((m) => m.startPwa());
  if (document.readyState === 'complete') pwa();
  else addEventListener('load', pwa);
};
// French words are laid over the English ones before anything renders; if they cannot load
// (offline after an update), the app starts in English rather than not at all.
if (locale === 'fr') void import('./lib/i18n/fr/initial').then(start, start);
else start();
