// What Lambda bundles use in place of @aws-sdk/credential-provider-node (the `alias` in esbuild.options.cjs).
// In Lambda the function role's credentials are always in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first link of the SDK's default chain; the other links (SSO,
// ini files, credential_process, web identity, container/IMDS metadata) and the STS/SSO clients they bring
// are never reached there but were ~60 KiB of every bundle. Local emulators get fixed credentials from
// shared/aws/clients.ts. Tests and tsx run the real chain (no alias outside esbuild).
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
