// Quiet test output: handlers log JSON at INFO in production; tests read results, not logs.
// LOG_LEVEL=DEBUG npx jest … brings the logs back when a test needs investigating.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Webhook receivers in the tests listen on 127.0.0.1 over http (the SSRF guard's local exception).
process.env.WEBHOOK_ALLOW_PRIVATE ??= '1';
// Tests write tenant records behind the API's back (a manager added, the creation moved back) and expect the next
// call to see them: no per-container tenant cache in tests (its own behaviour: shared/tenants/cached-tenants.test.ts).
process.env.TENANT_CACHE_TTL_MS ??= '0';
