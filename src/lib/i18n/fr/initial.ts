// The French words of the modules in the first load, laid over the English objects in place before
// the app mounts (main.ts). Loaded only when the interface is French, so English pages never pay for
// them. Modules that load on first use carry their own French (see ../locale.ts `localized`).
import { keepAliveText } from '../keepAliveText';
import { m } from '../messages';
import { framedText, viewerText } from '../safety';
import { statsText } from '../stats';
import { keepAliveTextFr } from './keepAliveText';
import { mFr } from './messages';
import { framedTextFr, viewerTextFr } from './safety';
import { statsTextFr } from './stats';

Object.assign(m, mFr);
Object.assign(viewerText, viewerTextFr);
Object.assign(framedText, framedTextFr);
Object.assign(statsText, statsTextFr);
Object.assign(keepAliveText, keepAliveTextFr);
