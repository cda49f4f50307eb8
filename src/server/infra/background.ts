/**
 * Work done after the answer is sent, so the answer's timing cannot tell what the work found
 * (e.g. whether an identifier matched an account). Failures are logged, never thrown.
 */
export interface BackgroundTasks {
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when the tasks started so far have finished (tests, shutdown). */
  whenIdle(): Promise<void>;
}

export function createBackgroundTasks(log: { error(obj: object, msg: string): void }): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run: (name, task) => {
      // On the next turn of the event loop: Fastify writes the answer in the microtasks after the
      // handler, and SQLite's statements are synchronous, so an earlier start would delay it.
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) => log.error({ err: error, task: name }, 'a background task failed'))
        .finally(() => running.delete(done));
      running.add(done);
    },
    whenIdle: async () => {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
