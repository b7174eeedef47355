/**
 * Reads ahead of a slow consumer: a pump keeps up to `ahead` items of `source` buffered, so the database produces
 * the next rows while the consumer (the .xlsx writer) turns these into XML. A failure of the source reaches the
 * consumer; a consumer that stops early (an aborted download) stops the pump and returns the source, which
 * releases its cursor and connection.
 */
export async function* readAhead<T>(source: AsyncIterator<T>, ahead: number): AsyncGenerator<T> {
  const s = {
    buffer: [] as T[],
    finished: false,
    stopping: false,
    failure: undefined as { error: unknown } | undefined,
    wake: undefined as (() => void) | undefined,
    room: undefined as (() => void) | undefined,
  };
  const notify = (which: 'wake' | 'room') => {
    const resolve = s[which];
    s[which] = undefined;
    resolve?.();
  };
  const pump = (async () => {
    try {
      while (!s.stopping) {
        if (s.buffer.length >= ahead) {
          await new Promise<void>((resolve) => {
            s.room = resolve;
          });
          continue;
        }
        const r = await source.next();
        if (r.done) break;
        s.buffer.push(r.value);
        notify('wake');
      }
    } catch (error) {
      s.failure = { error };
    } finally {
      s.finished = true;
      notify('wake');
    }
  })();
  try {
    for (;;) {
      if (s.buffer.length) {
        const batch = s.buffer;
        s.buffer = [];
        notify('room');
        yield* batch;
      } else if (s.failure) {
        throw s.failure.error;
      } else if (s.finished) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          s.wake = resolve;
        });
      }
    }
  } finally {
    s.stopping = true;
    notify('room');
    await pump;
    await source.return?.();
  }
}
