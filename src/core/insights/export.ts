import { ValidationError, describeValue } from '../errors';
import type { AnnotationTarget, DatasetExample } from '../model';
import type { AgreementPair, AgreementResult } from './agreement';

/**
 * Serialises records as JSON Lines: one JSON object per line, `\n` after each. U+2028 and U+2029
 * are escaped although JSON allows them raw, because Python's `str.splitlines()` (and some
 * editors) break lines there and would cut a record in two.
 * @throws ValidationError naming the record that cannot be serialised (a cycle, a BigInt, undefined).
 */
export function toJsonl(records: readonly unknown[]): string {
  let out = '';
  records.forEach((record, index) => {
    let line: string | undefined;
    try {
      line = JSON.stringify(record);
    } catch (error) {
      throw new ValidationError([
        { field: `records[${index}]`, value: record, message: `cannot be written as JSON: ${(error as Error).message}` },
      ]);
    }
    if (line === undefined) {
      throw new ValidationError([{ field: `records[${index}]`, value: record, message: `cannot be written as JSON: got ${describeValue(record)}` }]);
    }
    out += `${line.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
  });
  return out;
}

export interface CsvOptions {
  /** Column order; default: every key in the order first seen across the rows. */
  columns?: string[];
  /** Prefix text cells starting with `=`, `+`, `-`, `@`, tab or CR with `'` so spreadsheets do not run them as formulas. Default `true`. */
  escapeFormulas?: boolean;
  /** Start with a UTF-8 byte-order mark, which Excel needs to read non-ASCII text correctly. Default `false`. */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma, CR or LF, quotes doubled.
 * Objects and arrays are written as JSON, null and undefined as an empty cell. Text that a
 * spreadsheet would evaluate (`=HYPERLINK(...)`, `+1+2`, `@SUM`, `-2+3`) gets a leading `'`
 * (OWASP's CSV-injection advice): span outputs and explanations are untrusted, and a reviewer
 * opening the export in Excel must not run what a user typed into the chat. Numbers are never
 * prefixed, so a score of -0.5 stays a number.
 */
export function csvCell(value: unknown, escapeFormulas = true): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = escapeFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else text = JSON.stringify(value) ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as CSV with a header line and CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly Record<string, unknown>[], options: CsvOptions = {}): string {
  const escape = options.escapeFormulas ?? true;
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [columns.map((column) => csvCell(column, escape)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column], escape)).join(','));
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

export type ExportFormat = 'jsonl' | 'csv';

/** A file an export produced: what to save, under which name and type. */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** The file name extension and MIME type of an export format, for a download. */
export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; mimeType: string }> = {
  jsonl: { extension: 'jsonl', mimeType: 'application/x-ndjson' },
  csv: { extension: 'csv', mimeType: 'text/csv' },
};

/**
 * Dataset examples as JSONL (one `{ id, input, output, metadata, span_id }` object per line) or
 * CSV (columns `id`, `span_id`, then `input.<key>`, `output.<key>`, `metadata.<key>` for every
 * top-level key, nested values as JSON — the layout Phoenix's CSV upload lets you map to keys).
 */
export function exportExamples(examples: readonly DatasetExample[], format: ExportFormat, options: Omit<CsvOptions, 'columns'> = {}): string {
  if (format === 'jsonl') {
    return toJsonl(
      examples.map((example) => ({
        ...(example.id === undefined ? {} : { id: example.id }),
        input: example.input,
        output: example.output,
        metadata: example.metadata,
        span_id: example.spanId ?? null,
      })),
    );
  }
  if (format !== 'csv') {
    throw new ValidationError([{ field: 'format', value: format, message: `expected "jsonl" or "csv", got ${describeValue(format)}` }]);
  }
  const rows = examples.map((example) => {
    const row: Record<string, unknown> = { id: example.id ?? null, span_id: example.spanId ?? null };
    for (const part of ['input', 'output', 'metadata'] as const) {
      for (const [key, value] of Object.entries(example[part] ?? {})) row[`${part}.${key}`] = value;
    }
    return row;
  });
  return toCsv(rows, { ...options, columns: ['id', 'span_id', ...new Set(rows.flatMap((row) => Object.keys(row).slice(2)))] });
}

/** One line of a calibration set: what the judge saw, what humans said, what the judge said. */
export interface CalibrationRecord {
  target: AnnotationTarget;
  span_id: string | null;
  input: unknown;
  output: unknown;
  human_label: string | null;
  human_score: number | null;
  human_explanation: string | null;
  judge_label: string | null;
  judge_score: number | null;
  judge_explanation: string | null;
  agrees: boolean | null;
}

export interface CalibrationOptions {
  /** The input and output the judge evaluated for a target; default none (input and output are null). */
  getExample?: (target: AnnotationTarget) => { input: unknown; output: unknown } | null | undefined;
  /** Which pairs to write. Default `all` (a judge learns from agreements as much as from mistakes). */
  only?: 'all' | 'disagreements';
}

function spanIdOf(target: AnnotationTarget): string | null {
  return target.kind === 'span' || target.kind === 'document' ? target.spanId : null;
}

/** The records of a calibration set, one per pair of {@link computeAgreement}'s result. */
export function calibrationRecords(agreement: AgreementResult, options: CalibrationOptions = {}): CalibrationRecord[] {
  const pairs: AgreementPair[] = options.only === 'disagreements' ? agreement.disagreements : agreement.pairs;
  return pairs.map((pair) => {
    const example = options.getExample?.(pair.target) ?? null;
    return {
      target: pair.target,
      span_id: spanIdOf(pair.target),
      input: example?.input ?? null,
      output: example?.output ?? null,
      human_label: pair.human.label,
      human_score: pair.human.score,
      human_explanation: pair.human.explanation,
      judge_label: pair.judge.label,
      judge_score: pair.judge.score,
      judge_explanation: pair.judge.explanation,
      agrees: pair.agrees,
    };
  });
}

/**
 * The calibration set as JSONL for DSPy-style judge training: read it with
 * `[dspy.Example(**r).with_inputs('input', 'output') for r in map(json.loads, f)]`, the human
 * label being the target the optimised judge should produce.
 */
export function exportCalibrationSet(agreement: AgreementResult, options: CalibrationOptions = {}): string {
  return toJsonl(calibrationRecords(agreement, options));
}
