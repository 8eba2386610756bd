// The local poller's words for a failed consumer invocation (payloads as serverless-offline returns them).
import { describeInvokeFailure } from './invoke-failure';

const fullBatch = JSON.stringify({
  errorMessage: 'All records failed processing. See individual errors below.',
  errorType: 'Error',
  trace: [
    'FullBatchFailureError: All records failed processing. See individual errors below.',
    '    at Ms.clean (file:///repo/.esbuild/.build/functions/greeting/handler.mjs:114:24798)',
  ],
});

describe('describeInvokeFailure', () => {
  it('says where the individual errors of a fully failed batch are, instead of "see below"', () => {
    const text = describeInvokeFailure('greeting', fullBatch, { records: 3, logLevel: 'INFO' });
    expect(text).toBe(
      'all 3 records of the batch failed; each record\'s error is in the "event failed" log lines of greeting above; the records go back to the queue and are retried',
    );
    expect(text).not.toContain('below');
  });

  it('says how to see them when LOG_LEVEL hides them', () => {
    expect(describeInvokeFailure('greeting', fullBatch, { records: 1, logLevel: 'ERROR' })).toBe(
      "its 1 record of the batch failed; set LOG_LEVEL=WARN (now ERROR) to see each record's error in the log lines of greeting; the records go back to the queue and are retried",
    );
  });

  it('gives another error with its type and where it was thrown, not the raw JSON', () => {
    const payload = JSON.stringify({
      errorMessage: "Cannot read properties of undefined (reading 'corpId')",
      errorType: 'TypeError',
      trace: [
        "TypeError: Cannot read properties of undefined (reading 'corpId')",
        '    at node:internal/x',
        '    at run (file:///repo/functions/sop/handler.mjs:3:9)',
      ],
    });
    expect(describeInvokeFailure('scheduleSop', payload, { logLevel: 'INFO' })).toBe(
      "invocation failed: TypeError: Cannot read properties of undefined (reading 'corpId') (at run (file:///repo/functions/sop/handler.mjs:3:9))",
    );
  });

  it('says which scheduled job failed and how often (ScheduledJobFailedError, shared/schedules/scheduled-job.ts)', () => {
    const payload = JSON.stringify({
      errorType: 'ScheduledJobFailedError',
      errorMessage: 'scheduled job "sop": 2 failed (tenants/items; see the "sop failures" log line; they stay due and are retried)',
      trace: ['ScheduledJobFailedError: scheduled job "sop": 2 failed', '    at run (file:///repo/.esbuild/functions/schedules/sop/handler.js:9:11)'],
    });
    expect(describeInvokeFailure('scheduleSop', payload, { logLevel: 'INFO' })).toBe(
      'invocation failed: ScheduledJobFailedError: scheduled job "sop": 2 failed (tenants/items; see the "sop failures" log line; they stay due and are retried) (at run (file:///repo/.esbuild/functions/schedules/sop/handler.js:9:11))',
    );
  });

  it('shows a payload it cannot read as it is (shortened)', () => {
    expect(describeInvokeFailure('audit', 'Internal Server Error', { logLevel: 'INFO' })).toBe('invocation failed: Internal Server Error');
    expect(describeInvokeFailure('audit', 'x'.repeat(1000), { logLevel: 'INFO' })).toHaveLength('invocation failed: '.length + 300);
    expect(describeInvokeFailure('audit', '', { logLevel: 'INFO' })).toBe('invocation failed: (no error payload)');
  });
});
