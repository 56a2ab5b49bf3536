/**
 * A second, independent check of the contract: Stoplight Prism mocking Phoenix's OpenAPI file on
 * 127.0.0.1. Prism validates each request (reporting violations in an `sl-violations` header) and
 * answers with the contract's examples, which the adapter's runtime checks must accept. Prism keeps
 * no state, so behaviour is tested against the fake Phoenix; this test is about shapes only.
 *
 * Two Prism traps (TOOLCHAIN.md) are handled in the fetch below: a list query parameter sent with one
 * value is reported as "must be array" although Phoenix accepts it, so such values are sent twice
 * (the same filter); and every list answers `next_cursor: "string"`, so cursors are rewritten to null.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhoenixAdapter, type PhoenixAdapter } from '../../../src/adapters/phoenix';
import { AnnokitError } from '../../../src/core';
import { freePort } from '../../../scripts/free-port.mjs';
import { contractPath, loadContractValidator } from './contract';

const PRISM = resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin/prism');
const validator = loadContractValidator();

let prism: ChildProcess | null = null;
let baseUrl = '';
const violations: string[] = [];
const sent: string[] = [];

/** fetch with the two Prism work-arounds, recording every violation Prism reports. */
const prismFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const method = init?.method ?? 'GET';
  const lists = validator.arrayQueryParameters(method, url.pathname);
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (lists.has(name) && values.length === 1) url.searchParams.append(name, values[0]!);
  }
  sent.push(`${method} ${url.pathname}`);
  const response = await fetch(url, init);
  const reported = response.headers.get('sl-violations');
  if (reported) violations.push(`${method} ${url.pathname}${url.search}: ${reported}`);
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.json()) as Record<string, unknown> | null;
  if (body && typeof body === 'object' && 'next_cursor' in body) body.next_cursor = null;
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
};

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), contractPath()], { stdio: ['ignore', 'pipe', 'pipe'] });
  prism = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output}`)), 80_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Prism exited (${code}):\n${output}`)));
  });
}, 90_000);

afterAll(() => {
  prism?.kill();
});

function adapter(): PhoenixAdapter {
  return createPhoenixAdapter({ baseUrl, projectName: 'default', fetch: prismFetch });
}

describe('the adapter against Prism mocking the Phoenix contract', () => {
  it('reads everything with requests Prism accepts, and accepts Prism’s example answers', async () => {
    const phoenix = adapter();
    const span = { kind: 'span', spanId: 'a1b2c3d4e5f6a7b8' } as const;
    await phoenix.listAnnotations({
      targets: [span, { kind: 'trace', traceId: 't1' }, { kind: 'session', sessionId: 's1' }, { kind: 'document', spanId: 'a1', position: 0 }],
      names: ['correctness'],
    });
    await phoenix.listNotes({ targets: [span] });
    expect((await phoenix.listAllAnnotationConfigs()).length).toBeGreaterThan(0);
    await phoenix.listProjectAnnotationConfigs();
    const page = await phoenix.listSpans({
      traceIds: ['t1'],
      spanIds: ['s1'],
      spanKinds: ['LLM'],
      statusCodes: ['OK'],
      names: ['generate'],
      startTime: 0,
      endTime: Date.UTC(2030, 0, 1),
      rootsOnly: true,
      attributes: { 'llm.model_name': 'gpt-4o' },
      limit: 50,
    });
    expect(page.data[0]).toMatchObject({ spanId: '1a2b3c4d5e6f7a8b', attributes: { llm: { model_name: 'gpt-4' } } });
    await phoenix.listSpans({ sessionId: 'sess-1' });
    await phoenix.getTrace('a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4');
    await phoenix.listSessions({ limit: 5 });
    await phoenix.listDatasets();
    await phoenix.listDatasetExamples('RGF0YXNldDox');
    await phoenix.listExperiments('RGF0YXNldDox');
    expect(violations).toEqual([]);
  });

  it('writes with requests Prism accepts', async () => {
    const phoenix = adapter();
    const write = { name: 'correctness', annotatorKind: 'HUMAN', label: 'correct', identifier: 'u1' } as const;
    // one annotation per call: Prism's static answer always acknowledges exactly one
    const targets = [
      { kind: 'span', spanId: 's1' },
      { kind: 'trace', traceId: 't1' },
      { kind: 'session', sessionId: 'sess-1' },
      { kind: 'document', spanId: 's1', position: 2 },
    ] as const;
    for (const target of targets) await phoenix.upsertAnnotations([{ ...write, target }]);
    await createPhoenixAdapter({ baseUrl, projectName: 'default', fetch: prismFetch, documentAnnotations: 'native' }).upsertAnnotations([
      { ...write, target: { kind: 'document', spanId: 's1', position: 2 } },
    ]);
    for (const target of [{ kind: 'span', spanId: 's1' }, { kind: 'trace', traceId: 't1' }, { kind: 'session', sessionId: 'sess-1' }] as const) {
      await phoenix.addNote({ target, text: 'Needs review', userId: 'rev-1' });
    }
    await phoenix.upsertAnnotationConfig({ type: 'categorical', name: 'correctness', values: [{ label: 'correct', score: 1 }] });
    await phoenix.upsertAnnotationConfig({ id: 'Q29uZmlnOjE=', type: 'continuous', name: 'helpfulness', lowerBound: 0, upperBound: 1 });
    await phoenix.createDataset({
      name: 'golden',
      description: 'Golden answers',
      examples: [{ input: { q: 'a' }, output: { a: 1 }, metadata: {}, spanId: 's1' }],
    });
    expect(sent).toEqual(
      expect.arrayContaining([
        'POST /v1/span_annotations',
        'POST /v1/trace_annotations',
        'POST /v1/session_annotations',
        'POST /v1/document_annotations',
        'POST /v1/span_notes',
        'POST /v1/trace_notes',
        'POST /v1/session_notes',
        'POST /v1/annotation_configs',
        'PUT /v1/annotation_configs/Q29uZmlnOjE%3D',
        'PUT /v1/projects/default/annotation_configs/string',
        'POST /v1/datasets/upload',
      ]),
    );
    expect(violations).toEqual([]);
  });

  it('reports the experiment export that is not JSON (Prism’s example is the word "string") as a server error', async () => {
    const error = await adapter()
      .listExperimentRuns('RXhwZXJpbWVudDox')
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AnnokitError);
    expect(error).toMatchObject({ code: 'server', message: expect.stringMatching(/not JSON/) });
    expect(violations).toEqual([]);
  });
});
