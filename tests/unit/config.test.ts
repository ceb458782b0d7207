import { describe, expect, it } from 'vitest';
import { parseHostConfig, readUrlPrefill } from '../../src/lib/config';
import { titleFrom } from '../../src/stores/sessions.svelte';
import { draftFrom, fieldsFrom, liftCredentials, validate } from '../../src/lib/serverForm';

describe('deployment configuration', () => {
  it('prefills the server and model from the URL, refusing non-http addresses', () => {
    expect(readUrlPrefill('?server=http://gpu.lan:11434&model=llama3.2')).toEqual({
      server: 'http://gpu.lan:11434',
      model: 'llama3.2',
    });
    expect(readUrlPrefill('?server=javascript:alert(1)').server).toBeUndefined();
  });

  it('reads preset servers and ignores secrets and junk in the host’s file', () => {
    const cfg = parseHostConfig({
      servers: [
        { id: 'cpu', name: 'CPU', baseUrl: 'http://cpu.example:11434' },
        {
          id: 'gpu',
          name: 'GPU',
          baseUrl: 'https://gpu.example',
          auth: 'basic',
          username: 'student',
          password: 'leaked',
        },
        { name: 'bad', baseUrl: 'ftp://x' },
        'nonsense',
      ],
      defaultServer: 'gpu',
      defaults: { options: { temperature: 0.2, num_ctx: 'big' } },
    });
    expect(cfg.servers.map((s) => s.id)).toEqual(['cpu', 'gpu']);
    expect(cfg.servers[1]).toMatchObject({ authType: 'basic', username: 'student' });
    expect(JSON.stringify(cfg)).not.toContain('leaked');
    expect(cfg.defaults?.options).toEqual({ temperature: 0.2 });
    expect(parseHostConfig(null).servers).toEqual([]);
  });
});

describe('chat titles', () => {
  it('come from the first line of the first question, shortened at a word', () => {
    expect(titleFrom('  What is a monad?\nExplain simply')).toBe('What is a monad?');
    const long = titleFrom(
      'Explain the difference between concurrency and parallelism in Go with examples please',
    );
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('server form', () => {
  it('moves a login typed into the address into the fields', () => {
    const f = { ...fieldsFrom(undefined), baseUrl: 'https://alice:s%C3%A9cret@gpu.example.org/' };
    const { fields, moved } = liftCredentials(f);
    expect(moved).toBe(true);
    expect(fields).toMatchObject({
      baseUrl: 'https://gpu.example.org',
      authType: 'basic',
      username: 'alice',
      password: 'sécret',
    });
    expect(draftFrom(fields).baseUrl).not.toContain('alice');
  });

  it('accepts a bare host:port and rejects what is not an address', () => {
    expect(validate({ ...fieldsFrom(undefined), baseUrl: 'localhost:11434' })).toEqual({});
    expect(draftFrom({ ...fieldsFrom(undefined), baseUrl: 'localhost:11434' }).baseUrl).toBe(
      'http://localhost:11434',
    );
    expect(validate({ ...fieldsFrom(undefined), baseUrl: 'ftp://x' }).baseUrl).toBeTruthy();
  });
});
