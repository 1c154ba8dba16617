package io.shmkit.it.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Parallel;
import org.quicktheories.generators.Generate;

import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;
import io.shmkit.sync.SharedCondition;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedRLock;
import io.shmkit.sync.SharedSemaphore;
import io.shmkit.sync.SyncObject;
import io.shmkit.test.ShmLeakCheck;

/**
 * {@link Parallel#parallelCheck} runs of each primitive within one JVM: QuickTheories runs a short list of commands
 * on a thread pool and checks that the end state is one that some sequential order of the commands gives. Each
 * command is a whole use of the primitive (take, work, give back) and checks the primitive's rules while it runs:
 * at most as many threads inside as the primitive admits, hold counts and ownership as the contract says, a waiter
 * that returns with its lock and its signal; every broken rule is counted, and the model says the count stays 0.
 * The work done under a lock is a non-atomic read, yield, write of a plain counter, so that a lock that lets two
 * threads in loses an increment, and the end state shows it.
 */
@ExtendWith(ShmLeakCheck.class)
class SyncParallelTest
{
    private static final ShmOptions OPTIONS = ShmOptions.defaults();
    /** Every wait of a command: long enough for a loaded machine, short enough to fail in time. */
    private static final long WAIT_S = 10;
    private static final int EXAMPLES = 15;

    /** The end state: work done under the primitive, rules broken, and one more number per primitive. */
    record Seen(long done, long broken, long extra)
    {
    }

    /** A primitive under test and what the commands observed of it. */
    static final class Probe<S>
    {
        final S sut;
        final AtomicInteger inside = new AtomicInteger();
        final AtomicLong broken = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        /** Sets begun (events). */
        final AtomicLong signals = new AtomicLong();
        /** Guarded by the primitive (conditions). */
        long items;

        Probe(final S sut)
        {
            this.sut = sut;
        }

        /** Count a broken rule unless {@code ok}. */
        void check(final boolean ok)
        {
            if (!ok)
            {
                broken.incrementAndGet();
            }
        }

        /** The work under a primitive that admits {@code limit} threads at once. */
        void critical(final int limit)
        {
            check(inside.incrementAndGet() <= limit);
            if (limit == 1)
            {
                final long d = done.get();
                Thread.yield(); // widen the window of a lost update
                done.set(d + 1);
            }
            else
            {
                done.incrementAndGet();
                Thread.yield();
            }
            inside.decrementAndGet();
        }

        /** {@link #critical}, then give the primitive back whatever happens. */
        void criticalThen(final int limit, final Runnable giveBack)
        {
            try
            {
                critical(limit);
            }
            finally
            {
                giveBack.run();
            }
        }

        Seen seen(final long extra)
        {
            return new Seen(done.get(), broken.get(), extra);
        }
    }

    /** What a command does to the primitive. */
    @FunctionalInterface
    interface Use<S>
    {
        void run(Probe<S> p) throws Exception;
    }

    /** A command: a use of the primitive, and the model's step (work done +{@code done}, extra +{@code extra}). */
    record Step<S>(String name, long done, long extra, Use<S> use) implements Command<Probe<S>, Seen>
    {
        @Override
        public void run(final Probe<S> p)
        {
            try
            {
                use.run(p);
            }
            catch (final Exception ex)
            {
                p.broken.incrementAndGet();
            }
        }

        @Override
        public Seen nextState(final Seen st)
        {
            return new Seen(st.done() + done, st.broken(), st.extra() + extra);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    /**
     * Check {@link #EXAMPLES} lists of commands from {@code lists}, each on a fresh primitive, with
     * {@code threads.apply(list)} threads.
     */
    private static <S extends SyncObject> void check(
        final Gen<List<Step<S>>> lists, final Function<SyncModelTest.Made, S> create, final Seen initial,
        final Function<Probe<S>, Seen> observe, final Function<List<Step<S>>, Integer> threads)
    {
        final Parallel parallel = new Parallel(120, TimeUnit.SECONDS);
        qt().withExamples(EXAMPLES).withShrinkCycles(20).forAll(lists).checkAssert(list ->
        {
            try (SyncModelTest.Made made = new SyncModelTest.Made())
            {
                parallel.parallelCheck(initial, list, st -> new Probe<>(create.apply(made)), observe,
                    threads.apply(list));
            }
        });
    }

    /** A non-holder's unlock must throw and leave the holder's lock alone. */
    private static void foreignUnlock(final Probe<? extends java.util.concurrent.locks.Lock> p,
        final boolean heldHere)
    {
        if (!heldHere)
        {
            try
            {
                p.sut.unlock();
                p.broken.incrementAndGet();
            }
            catch (final IllegalMonitorStateException expected)
            {
                // the contract
            }
        }
    }

    @Test
    void lockShouldAdmitOneThreadAndOnlyItsHolderShouldRelease()
    {
        final List<Step<SharedLock>> steps = List.of(
            new Step<>("lock", 1, 0, p ->
            {
                p.sut.lock();
                try
                {
                    p.check(p.sut.isHeldByCurrentThread() && p.sut.isLocked());
                    p.critical(1);
                }
                finally
                {
                    p.sut.unlock();
                }
                p.check(!p.sut.isHeldByCurrentThread());
            }),
            new Step<>("tryLock(10s)", 1, 0, p ->
            {
                p.check(p.sut.tryLock(WAIT_S, TimeUnit.SECONDS));
                p.criticalThen(1, p.sut::unlock);
            }),
            new Step<>("tryLock until taken", 1, 0, p ->
            {
                while (!p.sut.tryLock())
                {
                    Thread.yield();
                }
                p.criticalThen(1, p.sut::unlock);
            }),
            new Step<>("unlock by a non-holder", 0, 0, p -> foreignUnlock(p, p.sut.isHeldByCurrentThread())));
        check(lists().of(Generate.pick(steps)).ofSizeBetween(1, 6),
            m -> m.add(SharedLock.create(ShmLeakCheck.name("plock"), OPTIONS)), new Seen(0, 0, 0),
            p -> p.seen(p.sut.owner() == null ? 0 : 1), l -> 3);
    }

    @Test
    void rlockShouldCountHoldsPerThreadAndOnlyItsOwnerShouldRelease()
    {
        final List<Step<SharedRLock>> steps = List.of(
            new Step<>("lock; lock", 2, 0, p ->
            {
                final SharedRLock l = p.sut;
                p.check(l.getHoldCount() == 0);
                l.lock();
                l.lock();
                p.check(l.getHoldCount() == 2 && l.recordedHoldCount() == 2);
                p.critical(1);
                l.unlock();
                p.check(l.getHoldCount() == 1 && l.isHeldByCurrentThread() && l.recordedHoldCount() == 1);
                p.critical(1);
                l.unlock();
                p.check(l.getHoldCount() == 0 && !l.isHeldByCurrentThread());
            }),
            new Step<>("tryLock(10s); tryLock; lockInterruptibly", 1, 0, p ->
            {
                final SharedRLock l = p.sut;
                p.check(l.tryLock(WAIT_S, TimeUnit.SECONDS));
                p.check(l.tryLock()); // reentry never waits
                l.lockInterruptibly();
                p.check(l.getHoldCount() == 3);
                p.critical(1);
                for (int i = 3; i > 0; i--)
                {
                    p.check(l.getHoldCount() == i && l.isHeldByCurrentThread());
                    l.unlock();
                }
                p.check(l.getHoldCount() == 0 && !l.isHeldByCurrentThread());
            }),
            new Step<>("unlock by a non-owner", 0, 0, p ->
            {
                final boolean held = p.sut.isHeldByCurrentThread();
                p.check(held || p.sut.getHoldCount() == 0);
                foreignUnlock(p, held);
            }));
        check(lists().of(Generate.pick(steps)).ofSizeBetween(1, 6),
            m -> m.add(SharedRLock.create(ShmLeakCheck.name("prlock"), OPTIONS)), new Seen(0, 0, 0),
            p -> p.seen(p.sut.owner() == null ? 0 : 1), l -> 3);
    }

    @Test
    void boundedSemaphoreShouldAdmitAtMostItsPermitsAndGetThemAllBack()
    {
        final int permits = 2;
        final List<Step<SharedSemaphore>> steps = List.of(
            new Step<>("acquire", 1, 0, p ->
            {
                p.sut.acquire();
                p.criticalThen(permits, p.sut::release);
            }),
            new Step<>("tryAcquire(10s)", 1, 0, p ->
            {
                p.check(p.sut.tryAcquire(WAIT_S, TimeUnit.SECONDS));
                p.criticalThen(permits, p.sut::release);
            }),
            new Step<>("tryAcquire until taken", 1, 0, p ->
            {
                while (!p.sut.tryAcquire())
                {
                    Thread.yield();
                }
                p.criticalThen(permits, p.sut::release);
            }));
        check(lists().of(Generate.pick(steps)).ofSizeBetween(1, 6),
            m -> m.add(SharedSemaphore.createBounded(ShmLeakCheck.name("psem"), permits, OPTIONS)),
            new Seen(0, 0, permits), p -> p.seen(p.sut.availablePermits()), l -> 3);
    }

    @Test
    void conditionShouldWakeEveryConsumerWithItsLockHeld()
    {
        final List<Step<SharedCondition>> consumers = List.of(
            new Step<>("consume (awaitUntil)", 1, -1, p ->
            {
                final SharedCondition c = p.sut;
                c.getLock().lock();
                try
                {
                    final long start = System.nanoTime();
                    p.check(c.awaitUntil(() -> p.items > 0, WAIT_S, TimeUnit.SECONDS));
                    // woken by a signal, not by the end of a signal wait (after which the predicate would be true)
                    p.check(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WAIT_S) / 2);
                    p.check(c.isHeldByCurrentThread());
                    p.items--;
                    p.critical(1);
                }
                finally
                {
                    c.getLock().unlock();
                }
            }),
            new Step<>("consume (await loop)", 1, -1, p ->
            {
                final SharedCondition c = p.sut;
                c.getLock().lock();
                try
                {
                    while (p.items == 0)
                    {
                        p.check(c.await(WAIT_S, TimeUnit.SECONDS)); // a producer comes and signals: no time-out
                        p.check(c.isHeldByCurrentThread());
                    }
                    p.items--;
                    p.critical(1);
                }
                finally
                {
                    c.getLock().unlock();
                }
            }));
        final Step<SharedCondition> produce = new Step<>("produce; signal", 0, 1, p ->
        {
            final SharedCondition c = p.sut;
            // give a consumer the time to wait first (none comes in QuickTheories' sequential run before this one)
            final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (c.waiters() == 0 && System.nanoTime() - until < 0)
            {
                Thread.yield();
            }
            c.getLock().lock();
            try
            {
                p.items++;
                c.signal();
            }
            finally
            {
                c.getLock().unlock();
            }
        });
        // as many producers as consumers (or one more), producers first: QuickTheories runs the list in order on one
        // thread before the parallel run, where every command has its own thread, so no consumer waits for a
        // producer queued behind it
        final Gen<List<Step<SharedCondition>>> lists = lists().of(Generate.pick(consumers)).ofSizeBetween(1, 3)
            .zip(integers().between(0, 1), (cs, more) ->
            {
                final List<Step<SharedCondition>> all = new ArrayList<>();
                for (int i = 0; i < cs.size() + more; i++)
                {
                    all.add(produce);
                }
                all.addAll(cs);
                return all;
            });
        check(lists, m -> m.add(SharedCondition.create(ShmLeakCheck.name("pcond"), OPTIONS)), new Seen(0, 0, 0),
            p -> p.seen(p.items), List::size);
    }

    @Test
    void eventShouldWakeEveryWaiterOnlyAfterASetAndNeverLoseTheLastSet()
    {
        // a setter counts its set() as begun before it sets; each setter may clear first, so the last operation on
        // the event is always a set: every waiter returns true, after a set had begun, and the event ends set
        final List<Step<SharedEvent>> setters = List.of(
            new Step<>("set", 0, 1, p ->
            {
                p.signals.incrementAndGet();
                p.sut.set();
                p.check(p.sut.isSet() || p.signals.get() > 1); // only another setter's clear may undo it
            }),
            new Step<>("clear; set", 0, 1, p ->
            {
                p.sut.clear();
                p.signals.incrementAndGet();
                p.sut.set();
            }));
        final Step<SharedEvent> waiter = new Step<>("await", 1, 0, p ->
        {
            final long start = System.nanoTime();
            p.check(p.sut.await(WAIT_S, TimeUnit.SECONDS));
            p.check(p.signals.get() > 0); // never woken before any set() began
            // woken by the set, not by the end of its wait
            p.check(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WAIT_S) / 2);
            p.done.incrementAndGet();
        });
        // setters first: QuickTheories runs the list in order on one thread before the parallel run
        final Gen<List<Step<SharedEvent>>> lists = lists().of(Generate.pick(setters)).ofSizeBetween(1, 2)
            .zip(integers().between(1, 4), (ss, waiters) ->
            {
                final List<Step<SharedEvent>> all = new ArrayList<>(ss);
                for (int i = 0; i < waiters; i++)
                {
                    all.add(waiter);
                }
                return all;
            });
        check(lists, m -> m.add(SharedEvent.create(ShmLeakCheck.name("pevent"), OPTIONS)), new Seen(0, 0, 0),
            p -> p.seen(p.sut.isSet() ? p.signals.get() : -1), List::size);
    }

    /** A barrier, its parties, and what its action and its parties recorded. */
    record BarrierRun(SharedBarrier barrier, int parties, AtomicLong trips, AtomicLong arrived, AtomicLongArray indices)
    {
        /** Work done as the model counts it (every party's return), and each arrival index's count checked. */
        Seen seen(final Probe<BarrierRun> p)
        {
            long bad = 0;
            for (int i = 0; i < parties; i++)
            {
                bad += indices.get(i) == trips.get() ? 0 : 1;
            }
            return new Seen(p.done.get(), p.broken.get() + bad, trips.get() * parties);
        }
    }

    @Test
    void barrierShouldTripOncePerGenerationWithEveryArrivalIndexOnce()
    {
        final Step<BarrierRun> await = new Step<>("await", 1, 1, p ->
        {
            final BarrierRun b = p.sut;
            b.arrived().incrementAndGet();
            final int index = b.barrier().await(WAIT_S, TimeUnit.SECONDS);
            // every party of this generation arrived before the action ran, and it ran before any party returned
            p.check(b.trips().get() >= 1 && b.arrived().get() >= b.parties() * b.trips().get());
            p.check(index >= 0 && index < b.parties());
            b.indices().incrementAndGet(Math.max(0, Math.min(b.parties() - 1, index)));
            p.done.incrementAndGet();
        });
        // parties 2 or 3, 1 or 2 generations: one thread per party of every generation
        final Gen<int[]> shapes = integers().between(2, 3).zip(integers().between(1, 2), (p, g) -> new int[] {p, g});
        qt().withExamples(EXAMPLES).withShrinkCycles(20).forAll(shapes).checkAssert(shape ->
        {
            final int parties = shape[0];
            final List<Step<BarrierRun>> list = new ArrayList<>();
            for (int i = 0; i < parties * shape[1]; i++)
            {
                list.add(await);
            }
            final AtomicInteger made = new AtomicInteger();
            try (SyncModelTest.Made all = new SyncModelTest.Made())
            {
                // QuickTheories runs the commands in order on one thread before the parallel run; one thread cannot
                // be several parties, so that first barrier has one party (every await a generation of its own):
                // the end state, as counted by BarrierRun#seen, is the same
                new Parallel(120, TimeUnit.SECONDS).parallelCheck(new Seen(0, 0, 0), list, st ->
                {
                    final int n = made.getAndIncrement() == 0 ? 1 : parties;
                    final AtomicLong trips = new AtomicLong();
                    return new Probe<>(new BarrierRun(all.add(SharedBarrier.create(ShmLeakCheck.name("pbar"), n,
                        trips::incrementAndGet, OPTIONS)), n, trips, new AtomicLong(), new AtomicLongArray(n)));
                }, p -> p.sut.seen(p), list.size());
            }
            assertTrue(made.get() == 2, "one sequential and one parallel run");
        });
    }
}
