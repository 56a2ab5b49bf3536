import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  calibrationRecords,
  computeAgreement,
  csvCell,
  exportCalibrationSet,
  exportExamples,
  toCsv,
  toJsonl,
  type AnnotationTarget,
  type DatasetExample,
} from '../../../src/core';
import { annotation } from './fixtures';

/** A reader written from RFC 4180 independently of the writer, to prove the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  return rows;
}

describe('csvCell and toCsv', () => {
  it('quotes cells holding quotes, commas and line breaks and doubles the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
  });

  it.each(['=HYPERLINK("http://evil","x")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'prefixes the formula-like text %j with a quote so a spreadsheet shows it as text',
    (text) => {
      const [[cell]] = parseCsv(`${csvCell(text)}\r\n`) as [[string]];
      expect(cell).toBe(`'${text}`);
    },
  );

  it('leaves numbers, including negative ones, unprefixed, and can turn the formula guard off', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell('=1+1', false)).toBe('=1+1');
  });

  it('writes null as an empty cell and objects as JSON', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: [1, 'x,y'] })).toBe('"{""a"":[1,""x,y""]}"');
  });

  it('round-trips awkward text through an independent RFC 4180 reader', () => {
    const rows = [
      { q: 'He said "no", then left.\nNew line', n: 3 },
      { q: '', n: null },
    ];
    const csv = toCsv(rows);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['q', 'n'],
      ['He said "no", then left.\nNew line', '3'],
      ['', ''],
    ]);
  });

  it('starts with a byte-order mark only when asked', () => {
    expect(toCsv([{ a: 'é' }], { bom: true }).startsWith('\uFEFFa\r\n')).toBe(true);
    expect(toCsv([{ a: 'é' }]).startsWith('a\r\n')).toBe(true);
  });
});

describe('toJsonl', () => {
  it('writes one parseable object per line, escaping the line separators Python would split on', () => {
    const records = [{ text: 'a\nb "c"' }, { text: 'para\u2028graph\u2029end' }];
    const jsonl = toJsonl(records);
    const lines = jsonl.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).not.toMatch(/[\u2028\u2029]/);
    expect(lines.slice(0, 2).map((line) => JSON.parse(line))).toEqual(records);
  });

  it('names the record that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJsonl([{ ok: 1 }, cyclic])).toThrow(ValidationError);
    expect(() => toJsonl([{ ok: 1 }, cyclic])).toThrow(/^records\[1\]: cannot be written as JSON/);
  });
});

describe('exportExamples', () => {
  const examples: DatasetExample[] = [
    {
      id: 'e1',
      input: { messages: [{ role: 'user', content: 'Is 2+2=4?' }] },
      output: { messages: [{ role: 'assistant', content: '=yes, "always"' }] },
      metadata: { span_kind: 'LLM', annotations: { correctness: [{ label: 'correct' }] } },
      spanId: 's1',
    },
    { input: { query: 'q' }, output: { documents: [] }, metadata: {}, spanId: null },
  ];

  it('writes JSONL that parses back to the examples', () => {
    const lines = exportExamples(examples, 'jsonl').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ id: 'e1', input: examples[0]!.input, output: examples[0]!.output, metadata: examples[0]!.metadata, span_id: 's1' });
    expect(lines[1]).toEqual({ input: { query: 'q' }, output: { documents: [] }, metadata: {}, span_id: null });
  });

  it('writes CSV with a column per top-level key, nested values as JSON', () => {
    const rows = parseCsv(exportExamples(examples, 'csv'));
    expect(rows[0]).toEqual(['id', 'span_id', 'input.messages', 'output.messages', 'metadata.span_kind', 'metadata.annotations', 'input.query', 'output.documents']);
    expect(JSON.parse(rows[1]![3]!)).toEqual(examples[0]!.output.messages);
    expect(JSON.parse(rows[1]![5]!)).toEqual({ correctness: [{ label: 'correct' }] });
    expect(rows[2]).toEqual(['', '', '', '', '', '', 'q', '[]']);
  });

  it('rejects an unknown format naming it', () => {
    expect(() => exportExamples(examples, 'xlsx' as never)).toThrow('format: expected "jsonl" or "csv", got "xlsx"');
  });
});

describe('exportCalibrationSet', () => {
  const annotations = [
    annotation('a', 'HUMAN', { label: 'correct', explanation: 'matches the doc' }),
    annotation('a', 'LLM', { label: 'correct', score: 1, explanation: 'grounded' }),
    annotation('b', 'HUMAN', { label: 'incorrect', score: 0 }),
    annotation('b', 'LLM', { label: 'correct', score: 1, explanation: 'looks fine' }),
  ];
  const agreement = computeAgreement(annotations, { name: 'correctness' });
  const getExample = (target: AnnotationTarget) =>
    target.kind === 'span' ? { input: { question: `q-${target.spanId}` }, output: { answer: 'x' } } : null;

  it('writes one JSONL line per pair with input, output, human and judge values', () => {
    const lines = exportCalibrationSet(agreement, { getExample }).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        target: { kind: 'span', spanId: 'a' },
        span_id: 'a',
        input: { question: 'q-a' },
        output: { answer: 'x' },
        human_label: 'correct',
        human_score: null,
        human_explanation: 'matches the doc',
        judge_label: 'correct',
        judge_score: 1,
        judge_explanation: 'grounded',
        agrees: true,
      },
      expect.objectContaining({ span_id: 'b', human_label: 'incorrect', human_score: 0, judge_label: 'correct', judge_explanation: 'looks fine', agrees: false }),
    ]);
  });

  it('can keep only the disagreements and leaves input and output null without a resolver', () => {
    const records = calibrationRecords(agreement, { only: 'disagreements' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ span_id: 'b', input: null, output: null });
  });
});
