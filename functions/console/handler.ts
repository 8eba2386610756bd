// The console's static files: wiring only (serve-console.ts decides; this reads the build folder), and the
// WeCom domain ownership file at the root (domain-verify.ts).
// The build ships inside the function's package (serverless.yml: package.patterns console/dist/**).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseJssdkUrls, WECOM_JSSDK_SCRIPTS } from '../../shared/wecom/jssdk-scripts';
import { isRootFilePath, parseVerifyFile, serveVerifyFile } from './domain-verify';
import { serveConsole, type ConsoleFiles } from './serve-console';

// Lambda's working directory is the package root (/var/task); locally, the repository.
const ROOT = join(process.cwd(), 'console', 'dist');

const files: ConsoleFiles = {
  read: async (rel) => readFile(join(ROOT, rel)).catch(() => undefined),
};

// The sidebar page's JS-SDK scripts (WECOM_JSSDK_URLS, as the sidebar API's /sidebar/v1/config answers): their origins.
const scriptOrigins = [...new Set((parseJssdkUrls(process.env.WECOM_JSSDK_URLS) ?? WECOM_JSSDK_SCRIPTS).map((u) => new URL(u).origin))];

// The WeCom 可信域名 ownership file at the domain root (GET /{file}; WECOM_DOMAIN_VERIFY_FILE from the deploy).
const verifyFile = parseVerifyFile(process.env.WECOM_DOMAIN_VERIFY_FILE);

export const handler = async (event: Pick<APIGatewayProxyEventV2, 'rawPath'>) =>
  isRootFilePath(event.rawPath) ? serveVerifyFile(verifyFile, event.rawPath) : serveConsole(files, event.rawPath, scriptOrigins);
