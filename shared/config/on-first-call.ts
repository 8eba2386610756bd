// A handler built on its first invocation rather than at import: importing a handler module reads no
// environment and creates no client, so tools (the bundle bench, tests, invoke-local) can load any bundle
// with any environment. The build still runs once per container; when it throws (invalid configuration),
// that invocation fails loudly and the next one tries again.
export function onFirstCall<A extends unknown[], R>(build: () => (...args: A) => R): (...args: A) => R {
  let built: ((...args: A) => R) | undefined;
  return (...args) => (built ??= build())(...args);
}
