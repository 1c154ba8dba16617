package io.shmkit.it.sync;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Sequential;
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
 * Model-based tests of each primitive's state machine with QuickTheories: {@link Sequential#modelCheck} runs random
 * command sequences on a fresh primitive and on a plain Java model (a few counters), comparing every command's result
 * (a value, or the exception's class) and the observable state after every step. The runs on several threads
 * are {@link SyncParallelTest}.
 */
@ExtendWith(ShmLeakCheck.class)
class SyncModelTest
{
    private static final ShmOptions OPTIONS = ShmOptions.defaults();

    /** A call on the primitive. */
    @FunctionalInterface
    interface Call<S>
    {
        Object call(S sut) throws Exception;
    }

    /** One operation: its name, its effect on the model's fields (returning the outcome), and the real call. */
    record Op<S>(String name, Function<long[], String> model, Call<S> real)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    /** Model state: the fields, and the last outcome. */
    record State(List<Long> fields, String last)
    {
        static State of(final long... fields)
        {
            return new State(Arrays.stream(fields).boxed().toList(), null);
        }
    }

    /** The system under test and the last outcome. */
    static final class Sut<S>
    {
        final S sut;
        String last;

        Sut(final S sut)
        {
            this.sut = sut;
        }
    }

    static String outcome(final Call<Object> call, final Object sut)
    {
        try
        {
            return String.valueOf(call.call(sut));
        }
        catch (final Exception ex)
        {
            return ex.getClass().getSimpleName();
        }
    }

    record Step<S>(Op<S> op) implements Command<Sut<S>, State>
    {
        @Override
        @SuppressWarnings("unchecked")
        public void run(final Sut<S> s)
        {
            s.last = outcome((Call<Object>)(Call<?>)op.real(), s.sut);
        }

        @Override
        public State nextState(final State st)
        {
            final long[] f = st.fields().stream().mapToLong(Long::longValue).toArray();
            final String out = op.model().apply(f);
            return new State(Arrays.stream(f).boxed().toList(), out);
        }

        @Override
        public String toString()
        {
            return op.name();
        }
    }

    /** Creates primitives for one property and removes them all. */
    static final class Made implements AutoCloseable
    {
        final List<SyncObject> all = new ArrayList<>();

        <T extends SyncObject> T add(final T o)
        {
            all.add(o);
            return o;
        }

        @Override
        public void close()
        {
            for (final SyncObject o : all)
            {
                o.unlink();
                o.close();
            }
        }
    }

    @SafeVarargs
    private static <S extends SyncObject> void check(
        final Function<Made, S> create, final State initial, final ToLongFunction<S> observe, final Op<S>... ops)
    {
        final List<Step<S>> all = new ArrayList<>();
        for (final Op<S> op : ops)
        {
            all.add(new Step<>(op));
        }
        final Gen<Step<S>> steps = Generate.pick(all);
        qt().withExamples(60).withShrinkCycles(50)
            .forAll(lists().of(steps).ofSizeBetween(1, 25))
            .checkAssert(list ->
            {
                try (Made made = new Made())
                {
                    Sequential.modelCheck(initial, list, st -> new Sut<>(create.apply(made)),
                        s -> new State(List.of(observe.applyAsLong(s.sut)), s.last));
                }
            });
    }

    private static <S> Op<S> op(final String name, final Function<long[], String> model, final Call<S> real)
    {
        return new Op<>(name, model, real);
    }

    private static final String IMSE = "IllegalMonitorStateException";

    @Test
    void lockShouldMatchItsModel()
    {
        check(m -> m.add(SharedLock.create(ShmLeakCheck.name("mlock"), OPTIONS)), State.of(0),
            l -> l.isHeldByCurrentThread() ? 1 : 0,
            op("lock", f -> f[0] == 1 ? IMSE : set(f, 1, "null"), l ->
            {
                l.lock();
                return null;
            }),
            op("tryLock", f -> f[0] == 1 ? IMSE : set(f, 1, "true"), SharedLock::tryLock),
            op("tryLock(0)", f -> f[0] == 1 ? IMSE : set(f, 1, "true"), l -> l.tryLock(0, TimeUnit.SECONDS)),
            op("unlock", f -> f[0] == 0 ? IMSE : set(f, 0, "null"), l ->
            {
                l.unlock();
                return null;
            }),
            op("isLocked", f -> String.valueOf(f[0] == 1), SharedLock::isLocked));
    }

    @Test
    void rlockShouldMatchItsModel()
    {
        check(m -> m.add(SharedRLock.create(ShmLeakCheck.name("mrlock"), OPTIONS)), State.of(0),
            SharedRLock::getHoldCount,
            op("lock", f -> set(f, f[0] + 1, "null"), l ->
            {
                l.lock();
                return null;
            }),
            op("tryLock", f -> set(f, f[0] + 1, "true"), SharedRLock::tryLock),
            op("unlock", f -> f[0] == 0 ? IMSE : set(f, f[0] - 1, "null"), l ->
            {
                l.unlock();
                return null;
            }),
            op("getHoldCount", f -> String.valueOf(f[0]), SharedRLock::getHoldCount));
    }

    @Test
    void boundedSemaphoreShouldMatchItsModel()
    {
        final long bound = 3;
        check(m -> m.add(SharedSemaphore.createBounded(ShmLeakCheck.name("msem"), bound, OPTIONS)), State.of(bound),
            SharedSemaphore::availablePermits,
            op("tryAcquire", f -> f[0] > 0 ? set(f, f[0] - 1, "true") : "false", SharedSemaphore::tryAcquire),
            op("tryAcquire(0)", f -> f[0] > 0 ? set(f, f[0] - 1, "true") : "false",
                s -> s.tryAcquire(0, TimeUnit.SECONDS)),
            op("release", f -> f[0] + 1 > bound ? "IllegalStateException" : set(f, f[0] + 1, "null"), s ->
            {
                s.release();
                return null;
            }),
            op("release(2)", f -> f[0] + 2 > bound ? "IllegalStateException" : set(f, f[0] + 2, "null"), s ->
            {
                s.release(2);
                return null;
            }),
            op("release(0)", f -> "IllegalArgumentException", s ->
            {
                s.release(0);
                return null;
            }),
            op("availablePermits", f -> String.valueOf(f[0]), SharedSemaphore::availablePermits));
    }

    @Test
    void eventShouldMatchItsModel()
    {
        check(m -> m.add(SharedEvent.create(ShmLeakCheck.name("mevent"), OPTIONS)), State.of(0),
            e -> e.isSet() ? 1 : 0,
            op("set", f -> set(f, 1, "null"), e ->
            {
                e.set();
                return null;
            }),
            op("clear", f -> set(f, 0, "null"), e ->
            {
                e.clear();
                return null;
            }),
            op("isSet", f -> String.valueOf(f[0] == 1), SharedEvent::isSet),
            op("await(0)", f -> String.valueOf(f[0] == 1), e -> e.await(0, TimeUnit.SECONDS)));
    }

    @Test
    void conditionShouldMatchItsModel()
    {
        check(m -> m.add(SharedCondition.create(ShmLeakCheck.name("mcond"), OPTIONS)), State.of(0),
            c -> c.isHeldByCurrentThread() ? 1 : 0,
            op("lock", f -> f[0] == 1 ? IMSE : set(f, 1, "null"), c ->
            {
                c.getLock().lock();
                return null;
            }),
            op("unlock", f -> f[0] == 0 ? IMSE : set(f, 0, "null"), c ->
            {
                c.getLock().unlock();
                return null;
            }),
            op("signal", f -> f[0] == 0 ? IMSE : "null", c ->
            {
                c.signal();
                return null;
            }),
            op("await(0)", f -> f[0] == 0 ? IMSE : "false", c -> c.await(0, TimeUnit.SECONDS)));
    }

    @Test
    void barrierShouldMatchItsModel()
    {
        for (final int parties : new int[] {1, 2})
        {
            check(m -> m.add(SharedBarrier.create(ShmLeakCheck.name("mbar"), parties, null, OPTIONS)), State.of(0),
                b -> b.isBroken() ? 1 : 0,
                op("await(0)", f -> f[0] == 1 ? "BrokenBarrierException" :
                    parties == 1 ? "0" : set(f, 1, "TimeoutException"), b -> b.await(0, TimeUnit.SECONDS)),
                op("reset", f -> set(f, 0, "null"), b ->
                {
                    b.reset();
                    return null;
                }),
                op("abort", f -> set(f, 1, "null"), b ->
                {
                    b.abort();
                    return null;
                }),
                op("isBroken", f -> String.valueOf(f[0] == 1), SharedBarrier::isBroken));
        }
    }

    private static String set(final long[] f, final long v, final String out)
    {
        f[0] = v;
        return out;
    }
}
