// What the local stack says when a function invocation (an SQS batch, a scheduled run) fails, from the error
// payload serverless-offline's Lambda API returns ({errorType, errorMessage, trace}); printed in the
// function's column, so the text does not repeat its name first. Powertools' "All records
// failed processing. See individual errors below." refers to lines that exist only in the function's log: the
// consumer logs each record's error ("event failed"), so the message says where those are.
import type { LogLevel } from './log-format';

interface LambdaError {
  errorType?: string;
  errorMessage?: string;
  trace?: string[];
}

function parse(payload: string): LambdaError | undefined {
  try {
    const v = JSON.parse(payload) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as LambdaError) : undefined;
  } catch {
    return undefined;
  }
}

/** The first frame of our code in a Lambda error trace ("at … (file:…)"), if any. */
function where(trace: string[] | undefined): string | undefined {
  const frame = (trace ?? []).map((t) => t.trim()).find((t) => t.startsWith('at ') && !t.includes('node:internal'));
  return frame?.replace(/^at /, '');
}

export function describeInvokeFailure(fn: string, payload: string, o: { records?: number; logLevel: LogLevel }): string {
  const e = parse(payload);
  if (!e?.errorMessage) return `invocation failed: ${payload.slice(0, 300) || '(no error payload)'}`;
  if (/^All records failed processing/.test(e.errorMessage)) {
    const n = o.records === undefined ? 'all records' : o.records === 1 ? 'its 1 record' : `all ${o.records} records`;
    const see =
      o.logLevel === 'ERROR' || o.logLevel === 'SILENT'
        ? `set LOG_LEVEL=WARN (now ${o.logLevel}) to see each record's error in the log lines of ${fn}`
        : `each record's error is in the "event failed" log lines of ${fn} above`;
    return `${n} of the batch failed; ${see}; the records go back to the queue and are retried`;
  }
  const type = e.errorType && e.errorType !== 'Error' ? `${e.errorType}: ` : '';
  const at = where(e.trace);
  return `invocation failed: ${type}${e.errorMessage}${at ? ` (at ${at})` : ''}`;
}
