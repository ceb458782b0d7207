import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { loadErrorTexts } from '../../src/lib/providers/errorTexts';

// The app loads the words for failures at start-up; so do the tests.
await loadErrorTexts();

// Each component test starts from an empty document.
afterEach(() => cleanup());
