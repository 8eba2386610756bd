// The console's static files: wiring only (serve-console.ts decides; this reads the build folder).
// The build ships inside the function's package (serverless.yml: package.patterns console/dist/**).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { serveConsole, type ConsoleFiles } from './serve-console';

// Lambda's working directory is the package root (/var/task); locally, the repository.
const ROOT = join(process.cwd(), 'console', 'dist');

const files: ConsoleFiles = {
  read: async (rel) => readFile(join(ROOT, rel)).catch(() => undefined),
};

export const handler = async (event: Pick<APIGatewayProxyEventV2, 'rawPath'>) => serveConsole(files, event.rawPath);
