export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as Record<string, unknown>).__SIYU_EMULATORS__ as Array<{ stop(): Promise<void> }> | undefined;
  await Promise.all((running ?? []).map((r) => r.stop()));
}
