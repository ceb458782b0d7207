import { isTyping } from '../dom/input';
import { languageName } from './languages';
import { markdownStrings } from '../i18n/markdown';

// What finished blocks get after they are shown: a Copy button on code blocks (at once), syntax
// highlighting and typeset math (later, from lazily loaded chunks, a little at a time so a long
// answer never makes one long task).

type Job = () => Promise<void>;

const SLICE_MS = 8;
const COPIED_MS = 2000;

type Highlighter = typeof import('./highlight');
type Typesetter = typeof import('./math');

let highlighter: Promise<Highlighter> | undefined;
let typesetter: Promise<Typesetter> | undefined;
let warmHighlighter: Highlighter | undefined;
let warmTypesetter: Typesetter | undefined;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

// A module's evaluation and its first use (highlight.js compiling a language, Temml and the
// sanitiser setting up) each cost tens of milliseconds on a slow CPU: they run in tasks of their
// own, not in the one that also highlights or typesets a block.
async function loadHighlighter(): Promise<Highlighter> {
  if (warmHighlighter) return warmHighlighter;
  const module = await (highlighter ??= import('./highlight'));
  await nextTask();
  return (warmHighlighter = module);
}

async function loadTypesetter(): Promise<Typesetter> {
  if (warmTypesetter) return warmTypesetter;
  const module = await (typesetter ??= import('./math'));
  await nextTask();
  module.mathToHtml('x', false);
  await nextTask();
  return (warmTypesetter = module);
}

/** Resolves in idle time with how long the browser expects to stay idle (ms). */
function nextIdle(): Promise<number> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback((deadline) => resolve(deadline.didTimeout ? SLICE_MS : deadline.timeRemaining()), {
        timeout: 1000,
      });
    } else setTimeout(() => resolve(SLICE_MS), 0);
  });
}

const jobs: Job[] = [];
let running: Promise<void> | undefined;

/** Highlighting and math wait while the user types, up to MAX_WAIT_MS. */
const MAX_WAIT_MS = 3000;

async function runJobs(): Promise<void> {
  let waitingSince = performance.now();
  while (jobs.length > 0) {
    // Within the idle period the browser gives (at most SLICE_MS), so frames are not delayed.
    const idle = await nextIdle();
    // A job can take longer than the idle period (a long code block): while keys are being
    // pressed it waits, so a keystroke never waits for it.
    const now = performance.now();
    if (isTyping(now) && now - waitingSince < MAX_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    waitingSince = now;
    const deadline = performance.now() + Math.min(SLICE_MS, idle);
    while (jobs.length > 0 && performance.now() < deadline) {
      const job = jobs.shift();
      try {
        await job?.();
      } catch {
        // A block that cannot be enhanced stays as it is: plain code, or TeX source.
      }
    }
  }
  running = undefined;
}

function schedule(job: Job): void {
  jobs.push(job);
  running ??= runJobs();
}

/** Resolves once every enhancement scheduled so far has run (for tests, and for a final paint). */
export async function enhancementsSettled(): Promise<void> {
  while (running) await running;
}

function addCopyButton(block: Element): void {
  const header = block.querySelector('.md-code-header');
  if (!header || header.querySelector('.md-copy')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'md-copy';
  button.textContent = markdownStrings.copyCode;
  button.setAttribute('aria-live', 'polite');
  header.append(button);
}

/**
 * Enhances the finished blocks under `root`: Copy buttons now, highlighting and math when their
 * chunks have loaded. Work for elements no longer in the document by then is skipped.
 */
export function enhanceBlocks(root: ParentNode): void {
  // An answer's "# Title" sits below the page's own headings (h1 the app, h2 the conversation), so
  // a screen reader's outline keeps the answer inside the conversation.
  for (const heading of root.querySelectorAll('h1, h2, h3, h4, h5')) {
    heading.setAttribute('aria-level', String(Math.min(Number(heading.tagName[1]) + 2, 6)));
  }
  // Wide code and tables scroll sideways: focusable, so the keyboard can scroll them too.
  for (const wide of root.querySelectorAll('pre, .md-table')) wide.setAttribute('tabindex', '0');
  for (const block of root.querySelectorAll('.md-code')) {
    addCopyButton(block);
    const code = block.querySelector<HTMLElement>('pre > code');
    const declared = /(?:^|\s)language-(\S+)/.exec(code?.className ?? '')?.[1];
    const language = declared ? languageName(declared) : undefined;
    if (!code || !language) continue;
    schedule(async () => {
      if (!code.isConnected) return;
      await (await loadHighlighter()).highlightElement(code, language);
    });
  }
  for (const element of root.querySelectorAll<HTMLElement>('.md-math')) {
    schedule(async () => {
      if (!element.isConnected) return;
      (await loadTypesetter()).typesetElement(element);
    });
  }
}

const resetTimers = new WeakMap<Element, ReturnType<typeof setTimeout>>();

function showStatus(button: HTMLElement, label: string): void {
  button.textContent = label;
  clearTimeout(resetTimers.get(button));
  resetTimers.set(
    button,
    setTimeout(() => {
      button.textContent = markdownStrings.copyCode;
    }, COPIED_MS),
  );
}

async function copyText(text: string, source: Element): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied, or not focused: fall through to selecting the code.
  }
  // No async clipboard (a page served over plain http from another machine): select the code so
  // the person can copy it, and try the old command.
  const selection = getSelection();
  if (!selection) return false;
  const range = document.createRange();
  range.selectNodeContents(source);
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** Click handler, delegated from the markdown container: handles its Copy buttons. */
export async function handleCopyClick(event: Event): Promise<void> {
  if (!(event.target instanceof Element)) return;
  const button = event.target.closest<HTMLElement>('button.md-copy');
  const code = button?.closest('.md-code')?.querySelector('pre > code');
  if (!button || !code) return;
  const copied = await copyText(code.textContent ?? '', code);
  showStatus(button, copied ? markdownStrings.copied : markdownStrings.copyFailed);
}
