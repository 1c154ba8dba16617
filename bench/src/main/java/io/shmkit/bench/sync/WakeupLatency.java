package io.shmkit.bench.sync;

import static io.shmkit.bench.sync.SyncHarness.COUNTER;
import static io.shmkit.bench.sync.SyncHarness.READY;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.WaitMode;
import io.shmkit.sync.SharedCondition;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedSemaphore;

/**
 * {@code SyncHarness latency N [spin]}: ping-pong with a child process through two {@link SharedEvent}s, through a
 * {@link SharedCondition} and through two zero-permit {@link SharedSemaphore}s; the wake-up latency is half the
 * round trip (median, p99), since the processes do not share a clock that the project trusts. Both sides open
 * their handles with the default waiting ({@link WaitMode#BACKOFF}) or, with {@code spin}, {@link WaitMode#SPIN}
 * (targets: median under 50 µs and under 5 µs).
 */
final class WakeupLatency
{
    private WakeupLatency()
    {
    }

    private static ShmOptions options(final boolean spin)
    {
        return SyncHarness.O.withWaitMode(spin ? WaitMode.SPIN : WaitMode.BACKOFF);
    }

    static void run(final int rounds, final boolean spin) throws Exception
    {
        final ShmOptions o = options(spin);
        final String mode = spin ? "spin   " : "backoff";
        final SharedLongArray control = SharedLongArray.create(SyncHarness.unique("ctl"), 'q', 16, o.withLock(false));
        try (SharedEvent ping = SharedEvent.create(SyncHarness.unique("ping"), o);
             SharedEvent pong = SharedEvent.create(SyncHarness.unique("pong"), o);
             SharedCondition cond = SharedCondition.create(SyncHarness.unique("cond"), o);
             SharedSemaphore up = SharedSemaphore.create(SyncHarness.unique("up"), 0, o);
             SharedSemaphore down = SharedSemaphore.create(SyncHarness.unique("down"), 0, o))
        {
            final Process child = SyncHarness.start("pong", ping.name(), pong.name(), cond.name(), up.name(),
                down.name(), control.name(), Integer.toString(rounds), Boolean.toString(spin));
            SyncHarness.awaitWord(control, READY, 1);
            final long[] rt = new long[rounds];
            for (int i = 0; i < rounds; i++)
            {
                final long t0 = System.nanoTime();
                pong.clear();
                ping.set();
                pong.await(60, TimeUnit.SECONDS);
                rt[i] = System.nanoTime() - t0;
            }
            SyncHarness.report("latency    event     " + mode, rt);
            final Lock l = cond.getLock();
            for (int i = 0; i < rounds; i++)
            {
                l.lock();
                try
                {
                    final long t0 = System.nanoTime();
                    control.set(COUNTER, 2 * i + 1);
                    cond.signalAll();
                    final long want = 2 * i + 2;
                    cond.awaitUntil(() -> control.get(COUNTER) == want, 60, TimeUnit.SECONDS);
                    rt[i] = System.nanoTime() - t0;
                }
                finally
                {
                    l.unlock();
                }
            }
            SyncHarness.report("latency    condition " + mode, rt);
            for (int i = 0; i < rounds; i++)
            {
                final long t0 = System.nanoTime();
                up.release();
                down.tryAcquire(60, TimeUnit.SECONDS);
                rt[i] = System.nanoTime() - t0;
            }
            SyncHarness.report("latency    semaphore " + mode, rt);
            child.waitFor();
            for (final io.shmkit.sync.SyncObject s : new io.shmkit.sync.SyncObject[] {ping, pong, cond, up, down})
            {
                s.unlink();
            }
        }
        finally
        {
            control.unlink();
            control.close();
        }
    }

    /** The child's side: {@code ping pong cond up down control rounds spin}. */
    static void child(final String[] a) throws Exception
    {
        final ShmOptions o = options(Boolean.parseBoolean(a[7]));
        final int rounds = Integer.parseInt(a[6]);
        try (SharedEvent in = SharedEvent.open(a[0], o); SharedEvent out = SharedEvent.open(a[1], o);
             SharedCondition c = SharedCondition.open(a[2], o);
             SharedSemaphore up = SharedSemaphore.open(a[3], o); SharedSemaphore down = SharedSemaphore.open(a[4], o);
             SharedLongArray control = SharedLongArray.open(a[5]))
        {
            control.set(READY, 1);
            for (int i = 0; i < rounds; i++)
            {
                in.await(60, TimeUnit.SECONDS);
                in.clear();
                out.set();
            }
            for (int i = 0; i < rounds; i++)
            {
                c.getLock().lock();
                try
                {
                    final long want = 2 * i + 1;
                    c.awaitUntil(() -> control.get(COUNTER) == want, 60, TimeUnit.SECONDS);
                    control.set(COUNTER, want + 1);
                    c.signalAll();
                }
                finally
                {
                    c.getLock().unlock();
                }
            }
            for (int i = 0; i < rounds; i++)
            {
                up.tryAcquire(60, TimeUnit.SECONDS);
                down.release();
            }
        }
    }
}
