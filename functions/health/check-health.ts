// GET /health: 200 {"status":"ok"} once the stack can take callbacks (its tables and queues exist).
export interface HealthDeps {
  probes: Record<string, () => Promise<void>>;
}

export async function checkHealth(deps: HealthDeps) {
  const names = Object.keys(deps.probes);
  const results = await Promise.allSettled(names.map((n) => deps.probes[n]!()));
  const failing = names.filter((_, i) => results[i]?.status === 'rejected');
  return failing.length === 0 ? { statusCode: 200, body: { status: 'ok' } } : { statusCode: 503, body: { status: 'unavailable', failing } };
}
