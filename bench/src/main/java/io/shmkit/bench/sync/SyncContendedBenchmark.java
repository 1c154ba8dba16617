package io.shmkit.bench.sync;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedRLock;
import io.shmkit.sync.SharedSemaphore;

/**
 * Lesson: two threads incrementing one shared counter under each kind of shmkit lock (and a one-permit semaphore
 * used as a lock), against {@link ReentrantLock} and {@link Semaphore} in one JVM as the ceiling. Each thread
 * reaches the primitive through its own handle, opened by name as a second process would: a shmkit lock word names
 * the process, so two handles of one JVM wait for each other exactly as two processes do (without the liveness
 * checks, made only for another process's word). For real processes, see {@link SyncHarness} and the Python
 * reference programs ({@code bench/python/sync_reference.py}).
 *
 * <p>How this benchmark lies: JMH reports the total of both threads; a lock whose waiter parks lets one thread run
 * alone for a while. Read fairness from {@link SyncHarness}'s {@code fairness} mode.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(2)
public class SyncContendedBenchmark
{
    /** The primitives both threads share, and the counter they increment. */
    // Scope.Benchmark: one instance for both threads, so they contend for the same primitives.
    @State(Scope.Benchmark)
    public static class Shared
    {
        SharedLock lock;
        SharedRLock rlock;
        SharedSemaphore semaphore;
        SharedLongArray counter;
        final ReentrantLock reentrantLock = new ReentrantLock();
        final Semaphore jdkSemaphore = new Semaphore(1);
        long heapCounter;

        /** Create the segments. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final ShmOptions o = ShmOptions.defaults();
            final String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
            lock = SharedLock.create("shmkit-bench-slock-" + tag, o);
            rlock = SharedRLock.create("shmkit-bench-srlock-" + tag, o);
            semaphore = SharedSemaphore.create("shmkit-bench-ssem-" + tag, 1, o);
            counter = SharedLongArray.create("shmkit-bench-scount-" + tag, 'q', 1, o.withLock(false));
        }

        /** Close and unlink. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            for (final io.shmkit.sync.SyncObject s : new io.shmkit.sync.SyncObject[] {lock, rlock, semaphore})
            {
                s.unlink();
                s.close();
            }
            counter.unlink();
            counter.close();
        }
    }

    /** One thread's own handles, as another process would hold them. */
    // Scope.Thread: each thread opens and closes its own handles.
    @State(Scope.Thread)
    public static class PerThread
    {
        SharedLock lock;
        SharedRLock rlock;
        SharedSemaphore semaphore;
        SharedLongArray counter;

        /**
         * Open the shared primitives by name.
         *
         * @param s the shared segments.
         */
        @Setup(Level.Trial)
        public void setUp(final Shared s)
        {
            final ShmOptions o = ShmOptions.defaults();
            lock = SharedLock.open(s.lock.name(), o);
            rlock = SharedRLock.open(s.rlock.name(), o);
            semaphore = SharedSemaphore.open(s.semaphore.name(), o);
            counter = SharedLongArray.open(s.counter.name());
        }

        /** Close this thread's handles. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            lock.close();
            rlock.close();
            semaphore.close();
            counter.close();
        }
    }

    /**
     * {@link SharedLock} around a plain increment.
     *
     * @param t this thread's handles.
     */
    @Benchmark
    public void sharedLock(final PerThread t)
    {
        t.lock.lock();
        try
        {
            t.counter.setPlain(0, t.counter.getPlain(0) + 1);
        }
        finally
        {
            t.lock.unlock();
        }
    }

    /**
     * {@link SharedRLock} around a plain increment.
     *
     * @param t this thread's handles.
     */
    @Benchmark
    public void sharedRLock(final PerThread t)
    {
        t.rlock.lock();
        try
        {
            t.counter.setPlain(0, t.counter.getPlain(0) + 1);
        }
        finally
        {
            t.rlock.unlock();
        }
    }

    /**
     * A one-permit {@link SharedSemaphore} around a plain increment: acquire and release.
     *
     * @param t this thread's handles.
     * @throws InterruptedException never (not interrupted).
     */
    @Benchmark
    public void sharedSemaphore(final PerThread t) throws InterruptedException
    {
        t.semaphore.acquire();
        try
        {
            t.counter.setPlain(0, t.counter.getPlain(0) + 1);
        }
        finally
        {
            t.semaphore.release();
        }
    }

    /**
     * Non-fair {@link ReentrantLock} around a field increment: the in-JVM ceiling.
     *
     * @param s the shared lock and counter.
     */
    @Benchmark
    public void reentrantLock(final Shared s)
    {
        s.reentrantLock.lock();
        try
        {
            s.heapCounter++;
        }
        finally
        {
            s.reentrantLock.unlock();
        }
    }

    /**
     * A one-permit {@link Semaphore} around a field increment.
     *
     * @param s the shared semaphore and counter.
     * @throws InterruptedException never (not interrupted).
     */
    @Benchmark
    public void jdkSemaphore(final Shared s) throws InterruptedException
    {
        s.jdkSemaphore.acquire();
        try
        {
            s.heapCounter++;
        }
        finally
        {
            s.jdkSemaphore.release();
        }
    }

    /**
     * Run this class's benchmarks with the settings of the annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(SyncContendedBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar SyncContendedBenchmark -f 1 -wi 3 -i 5
     *
     * EXPECTED RESULT (M ops/s, both threads, 2-vCPU guest): the shmkit locks of the order of the bare CAS spin lock
     * of LockContendedBenchmark (10-30), 20-50x Python's Value under get_lock() (0.5 M/s); the semaphore, which
     * takes a lock around its state update, a few times below.
     */
}
