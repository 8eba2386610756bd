// serverless-esbuild require()s its config and calls it with the serverless instance; the options
// themselves live in esbuild.options.cjs (shared with `npm run build` and the bundle benchmark).
//
// `osls invoke local` only: osls loads the handler with require(<path>) and, on ERR_REQUIRE_ESM,
// import(<path>.js): it never tries `.mjs`, so the bundle keeps esbuild's `.js` there (still ESM: the
// repository's package.json says "type": "module"). And it is built once (skipRebuild) rather than through
// an esbuild context: a context is disposed only when the invocation succeeds, and an undisposed one keeps
// the process alive after a failed invocation. Its own work folder (.esbuild-invoke/), so that an invocation
// does not rewrite the bundles of a running `npm start` (serverless-offline, .esbuild/) or of a package.
// It also keeps the SDK's whole credential chain (no `alias`): a local invocation may use a profile.
// Deploys, `osls package` and serverless-offline are unchanged.
module.exports = (serverless) => {
  const options = require('./esbuild.options.cjs');
  const [command, subcommand] = serverless?.processedInput?.commands ?? [];
  if (command !== 'invoke' || subcommand !== 'local') return options;
  const { outExtension: _mjs, alias: _alias, ...invokeLocal } = options;
  return { ...invokeLocal, skipRebuild: true, outputWorkFolder: '.esbuild-invoke' };
};
