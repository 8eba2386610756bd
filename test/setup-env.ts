// Quiet test output: handlers log JSON at INFO in production; tests read results, not logs.
// LOG_LEVEL=DEBUG npx jest … brings the logs back when a test needs investigating.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
