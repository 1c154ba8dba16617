package io.shmkit.bench;

import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.UnsafeApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
import io.shmkit.ShmLock;
import io.shmkit.internal.lock.LockWords;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * Lesson: two threads fighting for one lock, each doing lock + increment of a shared counter + unlock, as
 * fast as they can; total throughput of both threads. shmkit's stripe lock against a {@link ReentrantLock},
 * a compare-and-set spin lock on an {@link AtomicLong}, and the same spin lock on a raw word in shared memory
 * (docs/reference-figures.md: 16 M ops/s for two processes contending on such a word).
 *
 * <p>Each thread reaches the shared array through its own handle, opened by name as a second process would,
 * so the two threads share nothing but the mapped memory. The lock word of a held ShmLock names the process,
 * so two threads of one JVM wait for each other exactly as two processes do (without the liveness check,
 * which is only made for another process's word).
 *
 * <p>How this benchmark lies: a lock whose waiter parks (ShmLock after 100 spins and 20 yields,
 * {@code ReentrantLock} almost at once) lets the running thread re-acquire it many times in a row, so the
 * total can look better than a spin lock's while one thread is starved. JMH reports the total; read it as
 * "how much work gets done", and read the fairness from the output, where each thread prints its number of
 * critical sections after every iteration.
 */
// Settings stated per class on purpose, like the JMH samples: see Fixtures on what stays repeated.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(2)
public class LockContendedBenchmark
{
    /**
     * What the two threads share: the lock-carrying array (segment), the JDK locks and their counters, and
     * the raw spin-lock word.
     */
    // Scope.Benchmark: one instance for all benchmark threads, so they contend for the same locks.
    @State(Scope.Benchmark)
    public static class Shared
    {
        /** Distance in longs between the raw spin-lock word and its counter: 128 bytes, as a shmkit lock slot. */
        static final int RAW_COUNTER_INDEX = 16;

        /** Stripes of the shared array; the benchmark uses stripe 0 and counts in element 0. */
        @Param({"1"})
        int stripes;

        SharedLongArray locked;
        final ReentrantLock reentrantLock = new ReentrantLock();
        long reentrantCounter;
        final AtomicLong spinWord = new AtomicLong();
        long spinCounter;
        SharedLongArray rawArray;
        MappedByteBuffer rawMapping;
        long rawWordAddress;
        long rawCounterAddress;

        /** Create the segments; the per-thread handles are opened by {@link PerThread}. */
        @Setup(Level.Trial)
        public void setUp()
        {
            locked = SharedLongArray.create(
                Fixtures.uniqueName("lockc"), 'q', stripes, ShmOptions.defaults().withStripes(stripes));
            rawArray = SharedLongArray.create(
                Fixtures.uniqueName("spinc"), 'q', RAW_COUNTER_INDEX + 1, ShmOptions.defaults().withLock(false));
            rawMapping = Fixtures.mapAgain(rawArray);
            rawWordAddress = Fixtures.dataAddress(rawMapping, rawArray);
            rawCounterAddress = rawWordAddress + (long)RAW_COUNTER_INDEX * Long.BYTES;
        }

        /** Unmap, close and unlink. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            Fixtures.unmapCloseAndUnlink(rawMapping, rawArray);
            rawMapping = null;
            Fixtures.closeAndUnlink(locked);
        }
    }

    /**
     * One thread's own handle of the shared array, as another process would hold it, and its count of
     * critical sections in the current iteration (to show how the work was shared between the threads).
     */
    // Scope.Thread: each benchmark thread opens, and closes, its own mapping and lock handle, and counts its
    // own operations without contending with the other thread.
    @State(Scope.Thread)
    public static class PerThread
    {
        SharedLongArray array;
        ShmLock lock;
        long me;
        long ops;

        /**
         * Open the shared array by name.
         *
         * @param shared the segments created for the trial.
         */
        @Setup(Level.Trial)
        public void setUp(final Shared shared)
        {
            array = SharedLongArray.open(shared.locked.name());
            lock = array.stripeLock(0);
            me = LockWords.current();
        }

        /**
         * Print this thread's share of the iteration's operations (JMH shows a fork's output), then reset it.
         * Not part of the measured time.
         */
        @TearDown(Level.Iteration)
        public void reportShare()
        {
            System.out.println("  [" + Thread.currentThread().getName() + "] " + ops + " critical sections");
            ops = 0;
        }

        /** Close this thread's handle (the segment itself is unlinked by {@link Shared}). */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (null != array)
            {
                array.close();
            }
        }
    }

    // The measured methods below share one shape (lock, increment, unlock, count) on purpose: see Fixtures.

    /**
     * shmkit stripe lock around a plain increment of element 0.
     *
     * @param t this thread's handle and operation count.
     */
    @Benchmark
    public void shmLock(final PerThread t)
    {
        final ShmLock l = t.lock;
        final SharedLongArray a = t.array;
        l.lock();
        try
        {
            a.setPlain(0, a.getPlain(0) + 1);
        }
        finally
        {
            l.unlock();
        }
        t.ops++;
    }

    /**
     * Non-fair {@code ReentrantLock} around a field increment.
     *
     * @param s the shared lock and counter.
     * @param t this thread's operation count.
     */
    @Benchmark
    public void reentrantLock(final Shared s, final PerThread t)
    {
        final ReentrantLock l = s.reentrantLock;
        l.lock();
        try
        {
            s.reentrantCounter++;
        }
        finally
        {
            l.unlock();
        }
        t.ops++;
    }

    /**
     * Compare-and-set spin lock on an {@code AtomicLong} around a field increment.
     *
     * @param s the shared lock word and counter.
     * @param t this thread's operation count.
     */
    @Benchmark
    public void casSpinLock(final Shared s, final PerThread t)
    {
        final AtomicLong w = s.spinWord;
        while (!w.compareAndSet(0L, 1L))
        {
            Thread.onSpinWait();
        }
        s.spinCounter++;
        w.setRelease(0L);
        t.ops++;
    }

    /**
     * The same spin lock on a word in shared memory, around a plain increment of a counter 128 bytes away.
     *
     * @param s the shared addresses.
     * @param t this thread's identity word and operation count.
     */
    @Benchmark
    public void rawSharedSpinLock(final Shared s, final PerThread t)
    {
        final long w = s.rawWordAddress;
        final long c = s.rawCounterAddress;
        final long me = t.me;
        while (!UnsafeApi.compareAndSetLong(null, w, 0L, me))
        {
            Thread.onSpinWait();
        }
        UnsafeApi.putLong(null, c, UnsafeApi.getLong(null, c) + 1);
        UnsafeApi.putLongRelease(null, w, 0L);
        t.ops++;
    }

    /**
     * Run this class's benchmarks with the settings of the annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(LockContendedBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar LockContendedBenchmark -f 1 -wi 3 -i 5
     *
     * EXPECTED RESULT (ops/us = M ops/s, both threads together, 2-vCPU KVM guest; see docs/benchmarks.md):
     *   the spin locks reach ~10-30 M ops/s (docs/reference-figures.md: 16 M ops/s between two processes), bounded by the
     *   lock word's cache line bouncing between the cores; shmLock should be of the same order. A figure far
     *   above the spin locks means one thread is running alone while the other is parked (see the class
     *   comment); far below means the waiters are parking although the lock is held for nanoseconds.
     */
}
