// The API docs page (GET /docs): an HTML page that renders /admin/v1/openapi.json with swagger-ui, whose
// script and style this function serves itself under /docs/assets/ (no CDN: users in mainland China
// cannot rely on one).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { headerOf } from '../../shared/http/api-event';
import { errorBody } from '../../shared/http/error-handler';

/** The files of swagger-ui-dist the page loads. */
export const DOCS_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png'] as const;
export const DOCS_PAGE_TITLE = 'Siyu 管理 API 文档 · Admin API docs';

export const docsHtml = (specUrl: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${DOCS_PAGE_TITLE}</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#ui', deepLinking: true, persistAuthorization: false });
</script>
</body>
</html>
`;

type Files = (name: string, acceptEncoding: string | undefined) => APIGatewayProxyStructuredResultV2 | undefined;

/** The docs function: the page, its assets, and a 404 for anything else. */
export function makeDocs(files: Files) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const path = event.rawPath.replace(/\/+$/, '');
    if (path === '/docs') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
        body: docsHtml('/admin/v1/openapi.json'),
      };
    }
    const asset = /^\/docs\/assets\/([\w.-]+)$/.exec(path);
    const file = asset ? files(asset[1]!, headerOf(event, 'accept-encoding')) : undefined;
    if (file) return file;
    return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: errorBody('not_found', '没有这个文件 · no such file') };
  };
}
