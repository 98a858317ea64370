// Root hooks: the suite fails if any promise rejection goes unhandled while it runs. In the
// server an unhandled rejection ends the process (Node's default), so one is always a bug.
const seen: Array<{ reason: unknown; at: string }> = [];
let current = '(outside any test)';

process.on('unhandledRejection', (reason) => {
  seen.push({ reason, at: current });
});

/** Rejections recorded so far (the upload tests check that a request caused none). */
export function unhandledRejections(): ReadonlyArray<{ reason: unknown; at: string }> {
  return seen;
}

export const mochaHooks = {
  beforeEach(this: { currentTest?: { fullTitle(): string } }) {
    current = this.currentTest?.fullTitle() ?? current;
  },
  afterAll() {
    if (seen.length) {
      const list = seen.map((s) => `${s.at}: ${s.reason instanceof Error ? s.reason.stack : String(s.reason)}`).join('\n');
      throw new Error(`${seen.length} unhandled promise rejection(s) during the suite:\n${list}`);
    }
  },
};
