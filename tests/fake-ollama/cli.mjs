#!/usr/bin/env node
// Runs the fake Ollama server on its own, for manual testing, Playwright's webServer and benchmarks:
//   node tests/fake-ollama/cli.mjs --port 11435 --rate 50 [--host 127.0.0.1] [--origins a,b]
//     [--basic user:pass] [--bearer KEY] [--first-byte-delay MS] [--load-duration MS]
//     [--tags-capabilities] [--host-guard] [--split-utf8-writes]
// Prints the base URL on stdout once it listens, then serves until SIGINT/SIGTERM.

import { parseArgs } from 'node:util';
import { originsFromEnv, startFakeOllama } from './server.mjs';

const USAGE = `Usage: node tests/fake-ollama/cli.mjs [options]
  --port N               port to listen on (default 11435; 0 picks a free one)
  --host H               address to bind (default 127.0.0.1)
  --rate N               streamed tokens per second (default 0 = as fast as possible)
  --origins a,b          extra OLLAMA_ORIGINS entries ('*' allows every origin)
  --basic user:pass      require HTTP basic auth (preflights excepted)
  --bearer KEY           require "Authorization: Bearer KEY" on /api/* and /v1/*
  --first-byte-delay MS  delay before the headers of chat/generate/completions
  --load-duration MS     reported load_duration
  --tags-capabilities    include capabilities in /api/tags
  --host-guard           reject Host headers Ollama would reject
  --split-utf8-writes    cut each streamed line in two writes inside a multi-byte character
  --help`;

/** @param {string} flag @param {string | undefined} value */
function number(flag, value) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number, got "${value}"`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      rate: { type: 'string' },
      origins: { type: 'string' },
      basic: { type: 'string' },
      bearer: { type: 'string' },
      'first-byte-delay': { type: 'string' },
      'load-duration': { type: 'string' },
      'tags-capabilities': { type: 'boolean' },
      'host-guard': { type: 'boolean' },
      'split-utf8-writes': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  let basicAuth;
  if (values.basic !== undefined) {
    const colon = values.basic.indexOf(':');
    if (colon === -1) throw new Error('--basic needs user:pass');
    basicAuth = { username: values.basic.slice(0, colon), password: values.basic.slice(colon + 1) };
  }

  const fake = await startFakeOllama({
    port: number('--port', values.port) ?? 11435,
    host: values.host ?? '127.0.0.1',
    rate: number('--rate', values.rate),
    origins: values.origins ? originsFromEnv(values.origins) : [],
    basicAuth,
    bearer: values.bearer,
    firstByteDelayMs: number('--first-byte-delay', values['first-byte-delay']),
    loadDurationMs: number('--load-duration', values['load-duration']),
    tagsCapabilities: values['tags-capabilities'],
    hostGuard: values['host-guard'],
    splitUtf8Writes: values['split-utf8-writes'],
  });
  console.log(fake.url);

  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`fake-ollama: ${error instanceof Error ? error.message : error}`);
  console.error(USAGE);
  process.exit(2);
});
