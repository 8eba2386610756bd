// One set of esbuild options for every function bundle (style rule 17).
const { join } = require('node:path');

module.exports = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Some bundled dependencies are CommonJS and call require(): give ESM bundles a require.
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  mainFields: ['module', 'main'],
  // The AWS SDK is bundled, not taken from the runtime, so its version is the one we pinned and tested.
  exclude: [],
  // In Lambda the role's credentials are in the environment: the SDK's default chain is replaced by its first
  // link, fromEnv (shared/aws/lambda-credentials.ts), which drops the STS/SSO clients of the other links.
  alias: { '@aws-sdk/credential-provider-node': join(__dirname, 'shared', 'aws', 'lambda-credentials.ts') },
  packager: 'npm',
  metafile: false,
};
