// The console's static files: wiring only (serve-console.ts decides; this reads the build folder).
// The build ships inside the function's package (serverless.yml: package.patterns console/dist/**).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseJssdkUrls, WECOM_JSSDK_SCRIPTS } from '../../shared/wecom/jssdk-scripts';
import { serveConsole, type ConsoleFiles } from './serve-console';

// Lambda's working directory is the package root (/var/task); locally, the repository.
const ROOT = join(process.cwd(), 'console', 'dist');

const files: ConsoleFiles = {
  read: async (rel) => readFile(join(ROOT, rel)).catch(() => undefined),
};

// The sidebar page's JS-SDK scripts (WECOM_JSSDK_URLS, as the sidebar API's /sidebar/v1/config answers): their origins.
const scriptOrigins = [...new Set((parseJssdkUrls(process.env.WECOM_JSSDK_URLS) ?? WECOM_JSSDK_SCRIPTS).map((u) => new URL(u).origin))];

export const handler = async (event: Pick<APIGatewayProxyEventV2, 'rawPath'>) => serveConsole(files, event.rawPath, scriptOrigins);
