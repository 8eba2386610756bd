// `npm run invoke -- -f <function> --path events/<function>/<fixture>.json [osls invoke local options]`:
// runs one function once with `osls invoke local --stage local`, against the running `npm start` stack (its
// DynamoDB Local, SQS and S3 emulators, WeCom simulator and local secret key, read from the stack's data folder:
// scripts/local/functions-env.ts). The fixtures are in events/ (`npm run events` regenerates them).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFunctionsEnv } from './local/functions-env';
import { functionOf, invokeCommand } from './local/invoke-command';
import { readLocalEnv } from './local/local-env';

const ROOT = join(import.meta.dirname, '..');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (!functionOf(argv)) {
    console.error('usage: npm run invoke -- -f <function> --path events/<function>/<fixture>.json   (functions: serverless.yml; fixtures: events/)');
    return 2;
  }
  let stackEnv: Record<string, string>;
  try {
    stackEnv = readFunctionsEnv(readLocalEnv().dataDir);
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
  const { args, env } = invokeCommand(argv, stackEnv, process.env);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal; its exit code is ours.
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

process.exitCode = await main();
