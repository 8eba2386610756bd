// Powertools singletons, set up one way (docs/architecture.md#observability). Decrypted content is never logged at INFO.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'siyu', logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO' });

/** Operational CloudWatch metrics (EMF); not the tenants' business metrics (MetricsStore, shared/db/metrics-repository.ts). */
export const cloudWatchMetrics = new Metrics({ namespace: 'Siyu', serviceName: 'siyu' });
