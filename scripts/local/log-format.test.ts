// The functions' output under `npm start`, one readable line per record (lines as serverless-offline prints them).
import { createLogFormatter, formatLogLine, parseLogLevel, stackLine, type LogFormatOptions } from './log-format';

const info: LogFormatOptions = { level: 'INFO', clock: { now: () => Date.parse('2026-12-01T04:43:40.000Z') } };
const debug: LogFormatOptions = { ...info, level: 'DEBUG' };

const record = (extra: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: 'event handled',
    timestamp: '2026-12-01T04:43:41.638Z',
    service: 'siyu',
    cold_start: false,
    function_arn: 'offline_invokedFunctionArn_for_siyu-local-autoAccept',
    function_memory_size: '512',
    function_name: 'siyu-local-autoAccept',
    function_request_id: '93964dec-c15c-48b6-a627-6a7b688bfa58',
    sampling_rate: 0,
    ...extra,
  });

describe('formatLogLine', () => {
  it('turns a Powertools record into time (Asia/Shanghai), level, function, tenant, event type, message and the other keys', () => {
    const raw = record({
      concern: 'auto-accept',
      messageId: '9f2b331a-ca5b-4b6f-8d18-1898d5cfb8ed',
      tenantId: 'wwsiyudemo000001',
      eventKey: '492aae02',
      eventType: 'change_external_contact.add_external_contact',
      outcome: 'ignored',
    });
    expect(formatLogLine(raw, info)).toBe(
      '12:43:41.638 INFO  autoAccept   wwsiyudemo000001  change_external_contact.add_external_contact  event handled  concern=auto-accept  outcome=ignored',
    );
    // DEBUG adds the ids that follow a record through queues and tables
    expect(formatLogLine(raw, debug)).toBe(
      '12:43:41.638 INFO  autoAccept   wwsiyudemo000001  change_external_contact.add_external_contact  event handled  concern=auto-accept  outcome=ignored  ' +
        'function_request_id=93964dec-c15c-48b6-a627-6a7b688bfa58  messageId=9f2b331a-ca5b-4b6f-8d18-1898d5cfb8ed  eventKey=492aae02',
    );
  });

  it('takes the tenant from corpId too, and shows "-" where a record has no tenant or event type', () => {
    expect(
      formatLogLine(
        record({ message: 'request rejected', corpId: 'wwcorp', code: 'bad_signature', status: 401, function_name: 'siyu-local-wecomCallback' }),
        info,
      ),
    ).toBe('12:43:41.638 INFO  wecomCallback wwcorp  -  request rejected  code=bad_signature  status=401');
    expect(formatLogLine(record({ message: 'sop run', function_name: 'siyu-local-scheduleSop', due: 3, failed: 0 }), info)).toBe(
      '12:43:41.638 INFO  scheduleSop  -  -  sop run  due=3  failed=0',
    );
  });

  it('shows an error with its message (and where it was thrown at DEBUG); quotes values with spaces', () => {
    const raw = record({
      level: 'ERROR',
      message: 'request failed',
      function_name: 'siyu-local-adminApi',
      error: {
        name: 'TypeError',
        location: 'file:///x/handler.mjs:12',
        message: "Cannot read properties of undefined (reading 'id')",
        stack: 'TypeError: …\n    at …',
      },
    });
    expect(formatLogLine(raw, info)).toBe(
      `12:43:41.638 ERROR adminApi     -  -  request failed  error="TypeError: Cannot read properties of undefined (reading 'id')"`,
    );
    expect(formatLogLine(raw, debug)).toContain(`error="TypeError: Cannot read properties of undefined (reading 'id') (at file:///x/handler.mjs:12)"`);
    const failed = record({
      level: 'WARN',
      message: 'event failed',
      tenantId: 'ww1',
      eventType: 'x.y',
      code: 'wecom_error',
      error: 'errcode 40014: invalid access_token',
    });
    expect(formatLogLine(failed, info)).toBe(
      '12:43:41.638 WARN  autoAccept   ww1  x.y  event failed  error="errcode 40014: invalid access_token"  code=wecom_error',
    );
  });

  it('honours LOG_LEVEL: below it nothing, SILENT nothing at all', () => {
    const warn = record({ level: 'WARN', message: 'sop failures' });
    expect(formatLogLine(record({}), { ...info, level: 'WARN' })).toBeUndefined();
    expect(formatLogLine(warn, { ...info, level: 'WARN' })).toContain('WARN  autoAccept');
    expect(formatLogLine(warn, { ...info, level: 'ERROR' })).toBeUndefined();
    expect(formatLogLine(record({ level: 'DEBUG', message: 'detail' }), info)).toBeUndefined();
    expect(formatLogLine(record({ level: 'DEBUG', message: 'detail' }), debug)).toContain('DEBUG autoAccept');
    expect(formatLogLine(warn, { ...info, level: 'SILENT' })).toBeUndefined();
    expect(formatLogLine('some other line', { ...info, level: 'SILENT' })).toBeUndefined();
  });

  it("keeps serverless-offline's request lines at INFO, its health checks, durations, scheduled runs and banner at DEBUG", () => {
    expect(formatLogLine('POST /wecom/wwsiyudemo000001/callback (λ: wecomCallback)', info)).toBe(
      '12:43:40.000 INFO  wecomCallback POST /wecom/wwsiyudemo000001/callback',
    );
    const duration = '(λ: greeting) RequestId: c2329cce-adca-4e6e-b635-ff8e7810a434  Duration: 5553.84 ms  Billed Duration: 5554 ms';
    expect(formatLogLine(duration, info)).toBeUndefined();
    expect(formatLogLine(duration, debug)).toBe('12:43:40.000 DEBUG greeting     done in 5554 ms');
    for (const banner of [
      'GET /health (λ: health)',
      'Starting Offline at stage local (ap-east-1)',
      '   * health: siyu-local-health',
      'Scheduling [channelReview] cron: [*/1 * * * *]',
      '│   GET  | http://127.0.0.1:3411/health   │',
      'Server ready: http://127.0.0.1:3411 🚀',
      'Successfully invoked scheduled function: [scheduleSop]',
    ]) {
      expect({ banner, line: formatLogLine(banner, info) }).toEqual({ banner, line: undefined });
    }
    expect(formatLogLine('', debug)).toBeUndefined();
    expect(formatLogLine('× [504] - Lambda timeout.', { ...info, level: 'ERROR' })).toBe('12:43:40.000 ERROR offline      [504] - Lambda timeout.');
  });

  it('shows metrics (EMF) at DEBUG only, compactly', () => {
    const emf = JSON.stringify({
      _aws: {
        Timestamp: 1796100221646,
        CloudWatchMetrics: [
          {
            Namespace: 'Siyu',
            Dimensions: [['service', 'concern']],
            Metrics: [
              { Name: 'EventsApplied', Unit: 'Count' },
              { Name: 'EventsFailed', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'siyu',
      concern: 'greeting',
      EventsApplied: 1,
      EventsFailed: 0,
    });
    expect(formatLogLine(emf, info)).toBeUndefined();
    expect(formatLogLine(emf, debug)).toBe('12:43:41.646 DEBUG siyu         metrics  concern=greeting EventsApplied=1 EventsFailed=0');
  });

  it('passes unknown shapes through as they are: other JSON, broken JSON, stack traces', () => {
    for (const raw of ['{"hello":"world"}', '{"level":"INFO"', '[1,2]', '✖ Unhandled exception in handler', '    at Object.handler (file:///x.mjs:1:2)']) {
      expect(formatLogLine(raw, info)).toBe(raw);
    }
  });

  it("shortens serverless-offline's dump of a thrown error to its headline (the dump at DEBUG)", () => {
    const dump = [
      "× Unhandled exception in handler 'adminApi'.",
      "× { Fd [TypeError]: Cannot read properties of undefined (reading 'id')",
      '      at Ms.clean (file:///repo/.esbuild/.build/functions/admin-api/handler.mjs:114:24798)',
      "         code: 'x',",
      '       } ] }',
      "× Unhandled Lambda Error during invoke of 'siyu-local-adminApi': TypeError: Cannot read properties of undefined (reading 'id')",
      'POST /wecom/ww1/callback (λ: wecomCallback)',
    ];
    const at = (o: LogFormatOptions) => {
      const format = createLogFormatter(o);
      return dump.map(format).filter((l) => l !== undefined);
    };
    expect(at(info)).toEqual([
      "12:43:40.000 ERROR adminApi     unhandled exception: TypeError: Cannot read properties of undefined (reading 'id')",
      '12:43:40.000 INFO  wecomCallback POST /wecom/ww1/callback',
    ]);
    expect(at(debug)).toHaveLength(dump.length);
  });

  it('says nothing at INFO about a batch whose records all failed: each record was logged, the poller says so', () => {
    const format = createLogFormatter(info);
    const lines = [
      "× Unhandled exception in handler 'greeting'.",
      '× { Fd [FullBatchFailureError]: All records failed processing. See individual errors below.',
      '    recordErrors:',
      "× Unhandled Lambda Error during invoke of 'siyu-local-greeting': FullBatchFailureError: All records failed processing. See individual errors below.",
    ];
    expect(lines.map(format).filter((l) => l !== undefined)).toEqual([]);
    // An invocation error without a dump before it is shown
    expect(format("× Unhandled Lambda Error during invoke of 'siyu-local-audit': Task timed out after 10.00 seconds")).toBe(
      '12:43:40.000 ERROR audit        Task timed out after 10.00 seconds',
    );
  });

  it("writes the stack's own lines in the same columns, filtered by LOG_LEVEL", () => {
    expect(stackLine(info, 'WARN', 'greeting', 'greeting queue: all 3 records of the batch failed')).toBe(
      '12:43:40.000 WARN  greeting     greeting queue: all 3 records of the batch failed',
    );
    expect(stackLine({ ...info, level: 'ERROR' }, 'WARN', 'greeting', 'x')).toBeUndefined();
  });

  it('colours WARN and ERROR for a terminal', () => {
    // eslint-disable-next-line no-control-regex -- the colour escapes are what this checks
    expect(formatLogLine(record({ level: 'ERROR', message: 'boom' }), { ...info, color: true })).toMatch(/^\x1b\[31m12:43:41.638 ERROR .*\x1b\[0m$/);
  });
});

describe('parseLogLevel', () => {
  it('reads LOG_LEVEL, INFO by default, and refuses an unknown level', () => {
    expect(parseLogLevel(undefined)).toBe('INFO');
    expect(parseLogLevel('warn')).toBe('WARN');
    expect(() => parseLogLevel('LOUD')).toThrow('LOG_LEVEL must be one of DEBUG, INFO, WARN, ERROR, SILENT, not "LOUD"');
  });
});
