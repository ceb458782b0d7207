// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  authHeaders,
  base64Utf8,
  basicAuthorization,
  normalizeBaseUrl,
  redact,
  secretsOf,
  splitUrlCredentials,
} from '../../../src/lib/providers/auth';
import { json, provider, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const decodeBasic = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

describe('auth headers', () => {
  it('basic: base64 of the UTF-8 bytes of user:pass, so non-ASCII works', () => {
    const header = basicAuthorization('José', 'mañana-用户-🔑');
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    expect(decodeBasic(header)).toBe('José:mañana-用户-🔑');
    expect(basicAuthorization('ann', 'secret')).toBe('Basic YW5uOnNlY3JldA==');
  });

  it('base64Utf8 matches Node’s encoder', () => {
    const text = 'é中🤔 ok';
    expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
  });

  it('bearer: Authorization: Bearer <key>; no header for an empty key', () => {
    expect(authHeaders({ type: 'bearer', apiKey: 'sk-123' })).toEqual({ Authorization: 'Bearer sk-123' });
    expect(authHeaders({ type: 'bearer', apiKey: '' })).toEqual({});
  });

  it('custom headers pass through; a blank name is dropped', () => {
    expect(
      authHeaders({ type: 'headers', headers: { 'X-Api-Key': 'k1', 'CF-Access-Client-Id': 'id', ' ': 'x' } }),
    ).toEqual({
      'X-Api-Key': 'k1',
      'CF-Access-Client-Id': 'id',
    });
  });

  it('none: no headers', () => {
    expect(authHeaders({ type: 'none' })).toEqual({});
  });

  it('every request carries them; JSON bodies say so', async () => {
    const calls = stubFetch(() => json({ models: [] }));
    const p = provider('ollama', { auth: { type: 'basic', username: 'élève', password: 'mot de passe' } });
    await p.listModels();
    await p.modelDetails('x').catch(() => undefined);
    expect(calls).toHaveLength(2);
    for (const call of calls)
      expect(decodeBasic(call.headers.get('authorization') ?? '')).toBe('élève:mot de passe');
    expect(calls[0]?.headers.get('content-type')).toBeNull();
    expect(calls[1]?.headers.get('content-type')).toBe('application/json');
    // Ollama sends no Access-Control-Allow-Credentials: cookies must never be asked for.
    expect(calls[0]?.init.credentials).toBeUndefined();
  });

  it('bearer and custom headers reach the server', async () => {
    const calls = stubFetch(() => json({ data: [] }));
    await provider('openai', { auth: { type: 'bearer', apiKey: 'sk-abc' } }).listModels();
    await provider('openai', { auth: { type: 'headers', headers: { 'X-Team': 'blue' } } }).listModels();
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-abc');
    expect(calls[1]?.headers.get('x-team')).toBe('blue');
  });
});

describe('URL credentials', () => {
  it('splits user:pass@ out of a typed URL', () => {
    expect(splitUrlCredentials('http://ann:s%C3%A9cret@gpu.lan:11434/')).toEqual({
      baseUrl: 'http://gpu.lan:11434',
      username: 'ann',
      password: 'sécret',
    });
  });

  it('takes the last @ as the end of the password', () => {
    expect(splitUrlCredentials('https://ann:p@ss@host.example')).toMatchObject({
      username: 'ann',
      password: 'p@ss',
    });
  });

  it('a user without a password', () => {
    expect(splitUrlCredentials('http://ann@host:1234')).toEqual({
      baseUrl: 'http://host:1234',
      username: 'ann',
    });
  });

  it('adds http:// when the scheme is missing, and drops query and fragment', () => {
    expect(splitUrlCredentials('localhost:11434')).toEqual({ baseUrl: 'http://localhost:11434' });
    expect(splitUrlCredentials('  bob:pw@10.0.0.2:8000/v1?x=1#y ')).toEqual({
      baseUrl: 'http://10.0.0.2:8000/v1',
      username: 'bob',
      password: 'pw',
    });
  });

  it('rejects what is not an http(s) address', () => {
    expect(splitUrlCredentials('')).toBeNull();
    expect(splitUrlCredentials('ftp://host')).toBeNull();
    expect(splitUrlCredentials('http://')).toBeNull();
  });

  it('a profile typed with credentials and no auth sends them as Basic, never in the URL', async () => {
    const calls = stubFetch(() => json({ version: '0.5.1' }));
    await provider('ollama', { baseUrl: 'http://ann:pw%21@gpu.lan:11434' }).version();
    expect(calls[0]?.url).toBe('http://gpu.lan:11434/api/version');
    expect(decodeBasic(calls[0]?.headers.get('authorization') ?? '')).toBe('ann:pw!');
  });
});

describe('base URLs', () => {
  it('OpenAI: with or without /v1, same requests', async () => {
    const urls: string[] = [];
    for (const baseUrl of ['http://h:8000', 'http://h:8000/v1/']) {
      const calls = stubFetch(() => json({ object: 'list', data: [] }));
      await provider('openai', { baseUrl }).listModels();
      urls.push(...calls.map((c) => c.url));
    }
    expect(urls).toEqual(['http://h:8000/v1/models', 'http://h:8000/v1/models']);
  });

  it('keeps a path prefix in front of /v1 (a proxied API)', () => {
    expect(normalizeBaseUrl('https://gw.example/openai/v1', 'openai')).toBe('https://gw.example/openai');
  });

  it('Ollama: a trailing /api or slash is dropped', () => {
    expect(normalizeBaseUrl('http://localhost:11434/api/', 'ollama')).toBe('http://localhost:11434');
    expect(normalizeBaseUrl('http://localhost:11434/', 'ollama')).toBe('http://localhost:11434');
  });
});

describe('redaction', () => {
  it('blanks every secret, longest first; ignores values too short to tell from words', () => {
    const secrets = secretsOf({ type: 'basic', username: 'ann', password: 'hunter2' });
    expect(redact('ann:hunter2 and hunter2', secrets)).toBe('••• and •••');
    expect(secretsOf({ type: 'headers', headers: { 'X-Debug': '1' } })).toEqual([]);
  });
});
