/**
 * Resolves once the answer under way has been written. Fastify writes it in the microtasks that
 * follow the handler; a background task starts in a microtask too, and on SQLite (synchronous
 * statements) its first queries could run before the answer leaves. Waiting for the next turn
 * of the event loop keeps the account lookup out of the answer's time.
 */
export function afterTheAnswer(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
