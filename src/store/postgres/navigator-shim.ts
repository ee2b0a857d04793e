/**
 * Loaded just before the driver, on Node.js versions without `navigator` (20): `pg` asks at load
 * time whether it runs in a Cloudflare Worker, and without `navigator` it asks by building a
 * `Response`, which loads Node's whole fetch implementation — about half the driver's load time.
 * A `navigator` that says Node.js answers the question at once; `driver.ts` removes it again.
 */
const missing = typeof (globalThis as { navigator?: unknown }).navigator === 'undefined';
if (missing) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });

/** Takes the stand-in away once the driver has loaded. */
export function removeNavigatorShim(): void {
  if (missing) Reflect.deleteProperty(globalThis, 'navigator');
}
