// The students' journey, written once against the engine-neutral driver (./driver.mjs) and run in
// Chromium, Firefox and WebKit. Each step is one test; later steps build on the earlier ones.
// Elements are found by accessible role and name (the UI contract in shared/design.md), plus the
// contract's data-role / data-status attributes on messages.

/** @typedef {import('./driver.mjs').Driver} Driver @typedef {import('./driver.mjs').Handle} Handle */

/**
 * @typedef {object} Context
 * @property {Driver} d
 * @property {any} server      the fake Ollama server (tests/fake-ollama/server.mjs)
 * @property {string} preview  the production build's URL
 * @property {string} png      path of a small PNG to attach
 * @property {string} pngBase64
 */

export class StepError extends Error {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns something truthy; fails with `what` and the last value seen.
 * @template T @param {string} what @param {() => Promise<T>} probe
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(what, probe, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return /** @type {NonNullable<T>} */ (last);
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > end)
      throw new StepError(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

/** The one visible element with this role and name (waits for it). */
async function find(/** @type {Driver} */ d, role, name, within, timeoutMs = 10_000) {
  return waitFor(
    `the ${role} named "${name}"`,
    async () => (await d.findAll(role, name, within))[0],
    timeoutMs,
  );
}

async function gone(/** @type {Driver} */ d, role, name) {
  await waitFor(`the ${role} "${name}" to go away`, async () => (await d.findAll(role, name)).length === 0);
}

/** The conversation log's messages: role, status and text. */
async function messages(/** @type {Driver} */ d) {
  const log = await find(d, 'log', 'Conversation');
  return d.evaluate(
    (el) =>
      Array.from(el.querySelectorAll('[data-role]')).map((m) => ({
        role: m.getAttribute('data-role'),
        status: m.getAttribute('data-status'),
        text: m.textContent ?? '',
      })),
    log,
  );
}

async function lastAnswer(/** @type {Driver} */ d) {
  return (await messages(d)).filter((m) => m.role === 'assistant').at(-1);
}

async function answerWith(d, status, text, timeoutMs) {
  try {
    return await waitFor(
      `an answer ${status} containing "${text}"`,
      async () => {
        const a = await lastAnswer(d);
        return a && a.status === status && a.text.includes(text) ? a : null;
      },
      timeoutMs,
    );
  } catch (e) {
    // Say what the user sees instead: the last message and any alert.
    const seen = await d.evaluate(() => ({
      last: Array.from(
        document.querySelectorAll('[role="log"] [data-role]'),
        (m) =>
          `${m.getAttribute('data-role')} ${m.getAttribute('data-status')}: ${m.textContent?.trim().slice(0, 80)}`,
      ).at(-1),
      alerts: Array.from(document.querySelectorAll('[role="alert"]'), (a) => a.textContent?.trim()).filter(
        Boolean,
      ),
      messageBox: /** @type {HTMLTextAreaElement | null} */ (document.querySelector('textarea'))?.value,
    }));
    throw new StepError(`${e instanceof Error ? e.message : e}; the page shows ${JSON.stringify(seen)}`);
  }
}

async function ask(/** @type {Driver} */ d, text) {
  const box = await find(d, 'textbox', 'Message');
  await d.type(box, text);
  await d.press(box, 'Enter');
}

async function pickModel(/** @type {Driver} */ d, model) {
  const picker = await find(d, 'combobox', 'Model');
  await d.select(picker, model);
  await waitFor(`the Model picker to show ${model}`, () =>
    d.evaluate((el) => el.value, picker).then((v) => v === model),
  );
}

function expect(condition, message) {
  if (!condition) throw new StepError(message);
}

const chatRequests = (server) => server.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat');

/** Catches errors the page does not handle, so a step can say what broke in this engine. */
async function watchErrors(/** @type {Driver} */ d) {
  await d.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__journeyErrors = [];
    addEventListener('error', (e) => w.__journeyErrors.push(`error: ${e.message}`));
    addEventListener('unhandledrejection', (e) => w.__journeyErrors.push(`unhandled rejection: ${e.reason}`));
  });
}

async function pageErrors(/** @type {Driver} */ d) {
  return d.evaluate(() => /** @type {any} */ (window).__journeyErrors ?? []);
}

/** Fails when the page threw since it loaded; each distinct error once, with how often. */
async function noPageErrors(/** @type {Driver} */ d) {
  const errors = /** @type {string[]} */ (await pageErrors(d));
  const counts = new Map();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  const listed = [...counts].map(([e, n]) => (n > 1 ? `${e} (${n}×)` : e));
  expect(errors.length === 0, `errors in the page: ${listed.join('; ')}`);
}

/** @type {{ name: string, run: (ctx: Context) => Promise<void> }[]} */
export const steps = [
  {
    name: 'the models of the server are listed',
    async run({ d, server, preview }) {
      await d.goto(`${preview}?server=${encodeURIComponent(server.url)}`);
      await watchErrors(d);
      const picker = await find(d, 'combobox', 'Model', undefined, 15_000);
      const names = await waitFor('the models to be listed', () =>
        d.evaluate((el) => (el.disabled ? null : Array.from(el.options, (o) => o.value).sort()), picker),
      );
      expect(
        JSON.stringify(names) ===
          JSON.stringify(['llama3.2:latest', 'llava:7b', 'markdown:latest', 'qwen3:4b']),
        `models listed: ${JSON.stringify(names)}`,
      );
    },
  },
  {
    name: 'an answer streams in, then is done',
    async run({ d, server }) {
      // Slow enough (about 3 s) for the slowest driver to see it mid-stream.
      server.setOptions({ rate: 15 });
      await pickModel(d, 'llama3.2:latest');
      await ask(d, 'hello engines');
      const partial = await answerWith(d, 'streaming', 'You said');
      expect(!partial.text.includes('Have a nice day!'), 'the whole answer arrived at once, not streamed');
      await answerWith(d, 'done', 'Have a nice day!', 15_000);
      const a = await lastAnswer(d);
      expect(a?.text.includes('You said: "hello engines"'), `answer text: ${a?.text}`);
      expect(
        a?.text.includes('déjà vu at the café, 中文 text, and an emoji 🙂'),
        `UTF-8 mangled: ${a?.text}`,
      );
    },
  },
  {
    name: 'Stop keeps the partial answer and closes the request',
    async run({ d, server }) {
      server.setOptions({ rate: 6 });
      await ask(d, 'stop me');
      await answerWith(d, 'streaming', 'You said: "stop me"');
      await d.click(await find(d, 'button', 'Stop'));
      const stopped = await answerWith(d, 'stopped', 'You said: "stop me"');
      await sleep(400);
      const later = await lastAnswer(d);
      expect(later?.text === stopped.text, 'text kept arriving after Stop');
      expect(!later.text.includes('Have a nice day!'), 'the answer was not cut by Stop');
      const req = chatRequests(server).at(-1);
      await server.waitForClose(req, 5_000);
      expect(req.closedEarly, 'the server did not see the request closed');
      server.setOptions({ rate: 0 });
    },
  },
  {
    name: 'a reload keeps the chat',
    async run({ d }) {
      await noPageErrors(d);
      await d.reload();
      await watchErrors(d);
      const chats = await find(d, 'navigation', 'Chats', undefined, 15_000);
      await find(d, 'button', 'hello engines', chats);
      const list = await waitFor('both answers back', async () => {
        const m = await messages(d);
        return m.length === 4 ? m : null;
      });
      expect(
        JSON.stringify(list.map((m) => [m.role, m.status])) ===
          JSON.stringify([
            ['user', 'done'],
            ['assistant', 'done'],
            ['user', 'done'],
            ['assistant', 'stopped'],
          ]),
        `messages after reload: ${JSON.stringify(list.map((m) => [m.role, m.status]))}`,
      );
      expect(list[1].text.includes('Have a nice day!'), 'the first answer lost text on reload');
      expect(list[3].text.includes('You said: "stop me"'), 'the stopped answer lost its text on reload');
    },
  },
  {
    name: 'the Settings dialog sets a system prompt for the chat',
    async run({ d }) {
      await d.click(await find(d, 'button', 'New chat'));
      await waitFor('an empty conversation', async () => (await messages(d)).length === 0);
      await pickModel(d, 'markdown:latest');
      await d.click(await find(d, 'button', 'Settings'));
      const dialog = await find(d, 'dialog', 'Settings');
      await d.type(await find(d, 'textbox', 'System prompt', dialog), 'Answer in markdown.');
      await d.click(await find(d, 'button', 'Save', dialog));
      await gone(d, 'dialog', 'Settings');
    },
  },
  {
    name: 'markdown with code is rendered and highlighted',
    async run({ d, server }) {
      await ask(d, 'show me markdown');
      await answerWith(d, 'done', 'You said: "show me markdown"', 15_000);
      const body = chatRequests(server).at(-1)?.body;
      expect(
        body?.messages?.[0]?.role === 'system',
        `no system message sent: ${JSON.stringify(body?.messages?.[0])}`,
      );
      expect(
        body.messages[0].content === 'Answer in markdown.',
        `system prompt: ${body.messages[0].content}`,
      );
      const log = await find(d, 'log', 'Conversation');
      const shape = await waitFor('code blocks highlighted and math typeset', () =>
        d.evaluate((el) => {
          const answer = Array.from(el.querySelectorAll('[data-role="assistant"]')).at(-1);
          if (!answer) return null;
          const s = {
            heading: answer.querySelector('h1')?.textContent ?? '',
            codeBlocks: answer.querySelectorAll('pre code').length,
            highlighted: answer.querySelectorAll('pre code span[class^="hljs-"]').length,
            table: answer.querySelectorAll('table td').length,
            math: answer.querySelectorAll('math').length,
            script: answer.querySelectorAll('script').length,
          };
          return s.highlighted > 0 && s.math > 0 ? s : null;
        }, log),
      );
      expect(shape.heading === 'Markdown sample', `heading: ${shape.heading}`);
      expect(shape.codeBlocks >= 2 && shape.table > 0, `rendered: ${JSON.stringify(shape)}`);
    },
  },
  {
    name: 'the Servers dialog lists the server and opens its form',
    async run({ d, server }) {
      await d.click(await find(d, 'button', 'Servers'));
      const dialog = await find(d, 'dialog', 'Servers');
      await waitFor('the server listed with its URL', () =>
        d.evaluate((el, url) => el.textContent.includes(url), dialog, server.url),
      );
      await d.click(await find(d, 'button', 'Add server', dialog));
      const name = await find(d, 'textbox', 'Name', dialog);
      const url = await find(d, 'textbox', 'Base URL', dialog);
      await find(d, 'button', 'Save', dialog);
      await d.type(name, 'Spare');
      await d.type(url, 'http://127.0.0.1:9');
      await d.click(await find(d, 'button', 'Close', dialog));
      await gone(d, 'dialog', 'Servers');
    },
  },
  {
    name: 'Export all chats writes a JSON file with every chat',
    async run({ d }) {
      // The download itself is the browser's; what the app owes is the file, caught here as it is
      // clicked. (Reading the blob: URL back with fetch would need the CSP's connect-src to allow it.)
      await d.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.__downloads = [];
        const blobs = new Map();
        const create = URL.createObjectURL;
        URL.createObjectURL = (obj) => {
          const url = create(obj);
          blobs.set(url, obj);
          return url;
        };
        document.addEventListener(
          'click',
          (e) => {
            const a = /** @type {Element} */ (e.target).closest?.('a[download]');
            if (!(a instanceof HTMLAnchorElement)) return;
            e.preventDefault();
            const blob = blobs.get(a.href);
            w.__downloads.push(
              blob
                ? blob.text().then((text) => ({ name: a.download, text }))
                : { name: a.download, text: '' },
            );
          },
          true,
        );
      });
      await d.click(await find(d, 'button', 'Export all chats'));
      const files = await waitFor('the export file', () =>
        d.evaluate(() => {
          const w = /** @type {any} */ (window);
          return w.__downloads.length ? Promise.all(w.__downloads) : null;
        }),
      );
      expect(files.length === 1 && files[0].name.endsWith('.json'), `downloads: ${files.map((f) => f.name)}`);
      const data = JSON.parse(files[0].text);
      const questions = data.sessions
        .flatMap((s) => s.messages)
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .sort();
      expect(
        JSON.stringify(questions) === JSON.stringify(['hello engines', 'show me markdown', 'stop me']),
        `questions exported: ${JSON.stringify(questions)}`,
      );
      expect(!files[0].text.includes('Spare'), 'the unsaved server form leaked into the export');
    },
  },
  {
    name: 'an image is attached, sent, and shown after a reload',
    async run({ d, server, png, pngBase64 }) {
      await d.click(await find(d, 'button', 'New chat'));
      await waitFor('an empty conversation', async () => (await messages(d)).length === 0);
      await pickModel(d, 'llava:7b');
      // The UI contract's name is "Attach files"; today's composer still says "Attach image".
      const attach = await waitFor('the button named "Attach files"', async () => {
        for (const name of ['Attach files', 'Attach image']) {
          const [button] = await d.findAll('button', name);
          if (button) return button;
        }
        return null;
      });
      const input = await d.element(
        (button) => button.closest('form')?.querySelector('input[type="file"]') ?? null,
        attach,
      );
      expect(input, 'no file input next to Attach files');
      await d.setFiles(input, [png]);
      await find(d, 'img', 'dot.png');
      await ask(d, 'what is in this picture?');
      await answerWith(d, 'done', 'You said: "what is in this picture?"', 15_000);
      const sent = chatRequests(server).at(-1)?.body?.messages?.at(-1);
      expect(JSON.stringify(sent?.images) === JSON.stringify([pngBase64]), `images sent: ${sent?.images}`);
      await noPageErrors(d);

      await d.reload();
      await watchErrors(d);
      const log = await find(d, 'log', 'Conversation', undefined, 15_000);
      const img = await find(d, 'img', 'Image 1', log);
      await waitFor('the image to be decoded', () =>
        d.evaluate((el) => el.complete && el.naturalWidth === 1, img),
      );
      const a = await lastAnswer(d);
      expect(a?.status === 'done', `answer after reload: ${a?.status}`);
    },
  },
];

// Every step also fails when the page threw an error meanwhile (the user may see nothing wrong yet).
for (const step of steps) {
  const run = step.run;
  step.run = async (ctx) => {
    await run(ctx);
    await noPageErrors(ctx.d);
  };
}

export { pageErrors };
