// In-page instrumentation, installed with page.addInitScript before any of the app's code runs.
//
// Playwright serialises `installProbes` with Function.prototype.toString, so it must be
// self-contained: no imports, no closures over module scope. Everything it records lives on
// `window.__bench` and is read back with page.evaluate. The probes are deliberately cheap (a push
// into an array per event) so that they do not distort what they measure; the expensive work
// (matching windows, percentiles) happens in Node afterwards.

export function installProbes() {
  const now = () => performance.now();
  const b = {
    /** Long tasks (≥ 50 ms) from the Long Tasks API: [startTime, duration]. */
    longtasks: [],
    /** Event Timing entries (duration ≥ 16 ms): keystroke → next paint, as the browser measures it. */
    events: [],
    /** rAF callback times while the frame loop runs. */
    frames: [],
    framesOn: false,
    /** IndexedDB put() calls: store name, key, and a summary of the value (never the value itself). */
    puts: [],
    /** Final-paint tracking of the last answer (see armFinalPaint). */
    finalPaint: null,
    /** Per keystroke: [keydown time, time of the first task after the next frame]. */
    keyPaints: [],
    /** Last click on anything: the event's timeStamp and the button's text. */
    clicks: [],
  };
  Object.defineProperty(window, '__bench', { value: b, enumerable: false });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long Tasks API missing: the Node side reports "n/a".
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.events.push({
          name: e.name,
          start: e.startTime,
          duration: e.duration,
          processingStart: e.processingStart,
          processingEnd: e.processingEnd,
          interactionId: e.interactionId ?? 0,
        });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    // Event Timing missing: the rAF-based keystroke figure is still there.
  }

  // "After this frame was produced": a message posted from a rAF callback is delivered as a task
  // once the frame's style, layout and paint have run. This is the usual next-paint approximation.
  const afterFrame = (fn) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn(now());
    ch.port2.postMessage(null);
  };

  const frameLoop = () => {
    if (!b.framesOn) return;
    requestAnimationFrame(() => {
      if (!b.framesOn) return;
      b.frames.push(now());
      frameLoop();
    });
  };
  b.startFrames = () => {
    b.frames.length = 0;
    if (b.framesOn) return;
    b.framesOn = true;
    frameLoop();
  };
  b.stopFrames = () => {
    b.framesOn = false;
  };

  // Every put() into IndexedDB. idb-keyval's set/setMany end up here; `this.name` is the store.
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const v = value && typeof value === 'object' ? value : null;
    b.puts.push({
      t: now(),
      store: this.name,
      key: typeof key === 'string' ? key : key === undefined ? null : JSON.stringify(key),
      isArray: Array.isArray(value),
      status: v && typeof v.status === 'string' ? v.status : null,
      id: v && typeof v.id === 'string' ? v.id : null,
      role: v && typeof v.role === 'string' ? v.role : null,
      contentLength: v && typeof v.content === 'string' ? v.content.length : null,
    });
    return put.apply(this, arguments);
  };

  // When was the end of the last answer first on screen? Armed by the benchmark shortly before
  // the server's last byte, with the answer's last words (see tailWords in scenarios.mjs), it
  // reads the answer's text at the start of every frame. Text present at frame F's rAF was put
  // there before F and is painted by F; "painted" is the first task after F. Text inserted by a
  // rAF callback of F itself is only seen at F+1, so the figure errs late by at most a frame.
  // It also notes the answer's last change of any kind (late math typesetting, stats), which is
  // reported but is not "the final text".
  // Nothing watches the text while most of the answer streams: a MutationObserver firing per
  // token doubled the page's script time in a trial run and would have distorted the figures.
  const answerText = () => {
    const all = document.querySelectorAll('[role="log"] [data-role="assistant"]');
    const el = all[all.length - 1];
    return el ? (el.textContent ?? '') : '';
  };
  const isWordChar = (c) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  // The words, whole, in order, searched from the end (scenarios.mjs asks it too).
  const hasTail = (text, words) => {
    let at = text.length;
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i];
      for (;;) {
        at = at > 0 ? text.lastIndexOf(w, at - 1) : -1;
        if (at < 0) return false;
        if (!isWordChar(text[at - 1]) && !isWordChar(text[at + w.length])) break;
      }
    }
    return true;
  };
  b.endsWithWords = hasTail;
  b.armFinalPaint = (words) => {
    const first = answerText();
    const fp = {
      armedAt: now(),
      completeWhenArmed: hasTail(first, words),
      completeSeenAt: null,
      completePaintedAt: null,
      chars: first.length,
      lastChangeSeenAt: null,
      lastChangePaintedAt: null,
      frames: 0,
      stop: false,
    };
    b.finalPaint = fp;
    const tick = () =>
      requestAnimationFrame(() => {
        if (fp.stop) return;
        fp.frames++;
        const text = answerText();
        if (!fp.completeWhenArmed && fp.completeSeenAt === null && hasTail(text, words)) {
          fp.completeSeenAt = now();
          afterFrame((t) => (fp.completePaintedAt = t));
        }
        if (text.length !== fp.chars) {
          fp.chars = text.length;
          fp.lastChangeSeenAt = now();
          afterFrame((t) => (fp.lastChangePaintedAt = t));
        }
        tick();
      });
    tick();
  };

  addEventListener(
    'keydown',
    (e) => {
      const entry = [e.timeStamp, 0, e.key];
      b.keyPaints.push(entry);
      requestAnimationFrame(() => afterFrame((t) => (entry[1] = t)));
    },
    true,
  );
  addEventListener(
    'click',
    (e) => {
      const btn = e.target?.closest?.('button');
      b.clicks.push({ t: e.timeStamp, at: now(), button: btn ? (btn.textContent ?? '').trim() : null });
      // A scenario may hook clicks to snapshot the page at that instant (before the app reacts:
      // this listener runs in the capture phase on window, ahead of the app's handlers).
      b.onClick?.(e);
    },
    true,
  );
}
