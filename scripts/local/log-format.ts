// One readable line per log record of the functions under `npm start`: time (Asia/Shanghai, as the schedules),
// level, function, tenant, event type, message, then the other keys. Input is what serverless-offline prints:
// Powertools logger JSON lines, Powertools metrics (EMF) JSON, its own request/duration/banner lines, and
// anything else (passed through as it is). LOG_LEVEL (DEBUG, INFO, WARN, ERROR, SILENT) decides what shows.
import { systemClock, type Clock } from '../../shared/clock';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<string, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, CRITICAL: 5, SILENT: 6 };

export function parseLogLevel(value: string | undefined): LogLevel {
  const v = (value ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}"`);
  return v as LogLevel;
}

export interface LogFormatOptions {
  level: LogLevel;
  /** ANSI colours for WARN/ERROR/DEBUG (a terminal without NO_COLOR). */
  color?: boolean;
  /** For lines without a time of their own (serverless-offline's); default the system clock. */
  clock?: Clock;
}

/** Keys Powertools adds to every record (context), or that have a column of their own. */
const HIDDEN = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'sampling_rate',
  'xray_trace_id',
  'tenantId',
  'corpId',
  'eventType',
  'error',
]);
/** Ids to follow one record through queues and tables: shown at DEBUG. */
const TRACE_KEYS = new Set(['function_request_id', 'messageId', 'eventKey']);

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function shanghaiTime(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--.---';
  return `${clock.format(ms)}.${String(ms % 1000).padStart(3, '0')}`;
}

function value(v: unknown): string {
  const text = typeof v === 'string' ? (/^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** "Name: message" of a Powertools-formatted error ({name, message, location, stack}), or the value. */
function errorText(e: unknown, debug: boolean): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const { name, message, location } = e as { name?: unknown; message?: unknown; location?: unknown };
    const head = name && name !== 'Error' ? `${String(name)}: ${String(message)}` : String(message);
    return value(debug && location ? `${head} (at ${String(location)})` : head);
  }
  return value(e);
}

const COLORS: Record<string, string> = { DEBUG: '\x1b[2m', WARN: '\x1b[33m', ERROR: '\x1b[31m', CRITICAL: '\x1b[31m' };

function line(o: LogFormatOptions, at: number, level: string, fn: string, rest: string): string {
  const text = `${shanghaiTime(at)} ${level.padEnd(5)} ${fn.padEnd(12)} ${rest}`;
  const c = o.color ? COLORS[level] : undefined;
  return c ? `${c}${text}\x1b[0m` : text;
}

const shows = (o: LogFormatOptions, level: string) => (RANK[level] ?? RANK.INFO!) >= RANK[o.level]! && o.level !== 'SILENT';

/** The function's key in serverless.yml, from "siyu-local-autoAccept". */
const functionKey = (name: unknown, service: unknown): string =>
  typeof name === 'string' && name ? name.replace(/^[a-z0-9]+-[a-z0-9]+-/i, '') : typeof service === 'string' ? service : '-';

function powertoolsRecord(r: Record<string, unknown>, o: LogFormatOptions): string | undefined {
  const level = String(r.level).toUpperCase();
  if (!shows(o, level)) return undefined;
  const debug = o.level === 'DEBUG';
  const tenant = r.tenantId ?? r.corpId;
  const parts = [
    tenant === undefined ? '-' : String(tenant),
    r.eventType === undefined ? '-' : String(r.eventType),
    String(r.message),
    ...(r.error !== undefined ? [`error=${errorText(r.error, debug)}`] : []),
    ...Object.entries(r)
      .filter(([k, v]) => !HIDDEN.has(k) && !TRACE_KEYS.has(k) && v !== undefined)
      .map(([k, v]) => `${k}=${value(v)}`),
    ...(debug ? [...TRACE_KEYS].filter((k) => r[k] !== undefined).map((k) => `${k}=${value(r[k])}`) : []),
  ];
  return line(o, Date.parse(String(r.timestamp)), level, functionKey(r.function_name, r.service), parts.join('  '));
}

/** Powertools metrics (CloudWatch EMF): the values, at DEBUG. */
function metricsRecord(r: Record<string, unknown>, o: LogFormatOptions): string | undefined {
  if (!shows(o, 'DEBUG')) return undefined;
  const aws = r._aws as { Timestamp?: number; CloudWatchMetrics?: Array<{ Dimensions?: string[][]; Metrics?: Array<{ Name: string }> }> };
  const defs = aws.CloudWatchMetrics ?? [];
  const names = defs.flatMap((d) => (d.Metrics ?? []).map((m) => m.Name));
  const dims = [...new Set(defs.flatMap((d) => (d.Dimensions ?? []).flat()))].filter((d) => d !== 'service');
  const rest = [...dims.map((d) => `${d}=${value(r[d])}`), ...names.map((n) => `${n}=${value(r[n])}`)].join(' ');
  return line(o, aws.Timestamp ?? (o.clock ?? systemClock).now(), 'DEBUG', typeof r.service === 'string' ? r.service : '-', `metrics  ${rest}`);
}

/** serverless-offline's own lines: what a developer needs at INFO (requests), the rest (health checks,
 *  durations, its scheduler, its banner) at DEBUG. */
const OFFLINE: Array<{ re: RegExp; level: string; render: (m: RegExpExecArray) => [string, string] }> = [
  { re: /^GET \/health \(λ: (\w+)\)$/, level: 'DEBUG', render: (m) => [m[1]!, 'GET /health'] },
  { re: /^(GET|POST|PUT|PATCH|DELETE|ANY|OPTIONS|HEAD) (\S+) \(λ: (\w+)\)$/, level: 'INFO', render: (m) => [m[3]!, `${m[1]} ${m[2]}`] },
  { re: /^\(λ: (\w+)\) RequestId: \S+\s+Duration: ([\d.]+) ms/, level: 'DEBUG', render: (m) => [m[1]!, `done in ${Math.round(Number(m[2]))} ms`] },
  { re: /^Successfully invoked scheduled function: \[(\w+)\]$/, level: 'DEBUG', render: (m) => [m[1]!, 'scheduled run (serverless-offline)'] },
  {
    re: /^(Starting Offline|Offline \[|Function names exposed|\s+\* \w+: |Scheduling \[|Server ready|[│┌└]|Running "serverless"|Compiling|Watching)/,
    level: 'DEBUG',
    render: (m) => ['offline', m.input.trim()],
  },
  // Its other error lines, e.g. "× [504] - Lambda timeout."
  { re: /^× (.*)$/, level: 'ERROR', render: (m) => ['offline', m[1]!] },
];

/** A line of the local stack itself (e.g. a poller's), in the same columns as the functions' records. */
export function stackLine(o: LogFormatOptions, level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', source: string, text: string): string | undefined {
  return shows(o, level) ? line(o, (o.clock ?? systemClock).now(), level, source, text) : undefined;
}

const BATCH_FAILED = /All records failed processing/;

/**
 * A formatter for one output stream of serverless-offline. It is stateful for one thing: when a handler
 * throws, serverless-offline prints "× Unhandled exception in handler 'x'." and then a dump of the error
 * (dozens of lines, every stack frame); the headline shows at ERROR, the dump at DEBUG. A batch whose records
 * all failed is not news at that point: the consumer logged each record's error and the poller says so.
 */
export function createLogFormatter(o: LogFormatOptions): (raw: string) => string | undefined {
  let dump: { fn: string; headline: boolean } | undefined;
  let lastHeadline: string | undefined;
  return (raw) => {
    // eslint-disable-next-line no-control-regex -- strips the terminal's colour escapes (ESC [ … m)
    const text = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+$/, '');
    const start = /^× Unhandled exception in handler '(\w+)'/.exec(text);
    if (start) {
      dump = { fn: start[1]!, headline: false };
      return shows(o, 'DEBUG') ? raw : undefined;
    }
    if (dump) {
      if (text.startsWith('× ') && !dump.headline && !text.startsWith('× Unhandled')) {
        dump.headline = true;
        lastHeadline = dump.fn;
        const head = text.slice(2).replace(/^\{ \w+ \[(\w+)\]:/, '$1:');
        if (BATCH_FAILED.test(head)) return shows(o, 'DEBUG') ? raw : undefined;
        return stackLine(o, 'ERROR', dump.fn, `unhandled exception: ${head}`);
      }
      if (/^(\s|[}\]])/.test(text) || (text.startsWith('× ') && !text.startsWith('× Unhandled'))) return shows(o, 'DEBUG') ? raw : undefined;
      dump = undefined;
    }
    const invoke = /^× Unhandled Lambda Error during invoke of '[a-z0-9]+-[a-z0-9]+-(\w+)': (.*)$/i.exec(text);
    if (invoke) {
      const [, fn, message] = invoke as unknown as [string, string, string];
      const told = BATCH_FAILED.test(message) || lastHeadline === fn;
      lastHeadline = undefined;
      return told ? (shows(o, 'DEBUG') ? raw : undefined) : stackLine(o, 'ERROR', fn, message);
    }
    return formatOne(text, raw, o);
  };
}

/** The readable line for one output line of the functions, or undefined when LOG_LEVEL hides it (or it is blank). */
export function formatLogLine(raw: string, o: LogFormatOptions): string | undefined {
  return createLogFormatter(o)(raw);
}

function formatOne(text: string, raw: string, o: LogFormatOptions): string | undefined {
  if (text === '') return undefined;
  if (text.startsWith('{')) {
    let r: unknown;
    try {
      r = JSON.parse(text);
    } catch {
      r = undefined;
    }
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      const rec = r as Record<string, unknown>;
      if (typeof rec.level === 'string' && 'message' in rec) return powertoolsRecord(rec, o);
      if (rec._aws && typeof rec._aws === 'object') return metricsRecord(rec, o);
    }
  }
  for (const { re, level, render } of OFFLINE) {
    const m = re.exec(text);
    if (!m) continue;
    if (!shows(o, level)) return undefined;
    const [fn, rest] = render(m);
    return line(o, (o.clock ?? systemClock).now(), level, fn, rest);
  }
  // Anything else (a stack trace, a warning, a JSON shape we do not know) as it is, unless SILENT.
  return o.level === 'SILENT' ? undefined : raw.replace(/\s+$/, '');
}
