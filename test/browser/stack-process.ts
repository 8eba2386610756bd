// The local stack (scripts/local/stack.ts, what `npm start` runs) in a child process of its own, for the end-to-end
// browser test: jest's module sandbox cannot load the ESM-only SQS emulator (fauxqs) in-process. Started with tsx;
// options come as one JSON argument (port, simulatorPort, lambdaPort, dataDir, fresh); it prints one line
// `SIYU_STACK_READY <json>` (url, devLoginUrl, adminApiKey, wecomApiBase, corpId) when the stack is up, the stack's
// and the functions' lines on stderr, and stops the stack cleanly on SIGTERM or SIGINT.
import { startLocalStack, type RunningStack, type StackOptions } from '../../scripts/local/stack';

export const READY = 'SIYU_STACK_READY';

export interface StackInfo {
  url: string;
  devLoginUrl: string;
  adminApiKey: string;
  wecomApiBase: string;
  corpId: string;
  /** The SQS emulator and the consumers' queues (to see when the consumers have processed everything). */
  sqsEndpoint: string;
  queueUrls: string[];
  dlqUrls: string[];
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = JSON.parse(process.argv[2] ?? '{}') as Pick<StackOptions, 'port' | 'simulatorPort' | 'lambdaPort' | 'dataDir' | 'fresh'>;
  const starting = new AbortController();
  const running: { stack?: RunningStack } = {};
  const stop = () => {
    if (!running.stack) return starting.abort(new Error('stopped during the start'));
    void running.stack.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const stack = await startLocalStack({
    ...options,
    signal: starting.signal,
    log: (l) => process.stderr.write(`stack: ${l}\n`),
    functionLog: (l) => process.stderr.write(`${l}\n`),
  });
  running.stack = stack;
  if (starting.signal.aborted) return stop(); // a stop signal after the last check inside the start
  const info: StackInfo = {
    url: stack.url,
    devLoginUrl: stack.devLoginUrl,
    adminApiKey: stack.adminApiKey,
    wecomApiBase: stack.wecomApiBase,
    corpId: stack.tenant.corpId,
    sqsEndpoint: stack.sqsEndpoint,
    queueUrls: Object.values(stack.queueUrls),
    dlqUrls: Object.values(stack.dlqUrls),
  };
  process.stdout.write(`${READY} ${JSON.stringify(info)}\n`);
}

if (process.argv[1]?.endsWith('stack-process.ts')) {
  main().catch((e: unknown) => {
    process.stderr.write(`stack failed to start: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
