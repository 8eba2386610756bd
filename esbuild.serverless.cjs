// serverless-esbuild require()s its config and calls it with the serverless instance; the options
// themselves live in esbuild.config.mjs (shared with `npm run build` and the bundle benchmark).
module.exports = () => require('./esbuild.options.cjs');
