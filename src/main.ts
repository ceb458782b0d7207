import { mount } from 'svelte';
import App from './App.svelte';
import FramedNotice from './components/FramedNotice.svelte';
import { isFramedByOtherOrigin } from './lib/framing';
import { locale } from './lib/i18n/locale';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
document.documentElement.lang = locale;
// Framed by another site: explain and stop, before any storage is opened or any input is taken.
const start = () =>
  isFramedByOtherOrigin(window)
    ? mount(FramedNotice, { target, props: { href: location.href } })
    : mount(App, { target });
// French words are laid over the English ones before anything renders; if they cannot load
// (offline after an update), the app starts in English rather than not at all.
if (locale === 'fr') void import('./lib/i18n/fr/initial').then(start, start);
else start();
