package io.shmkit.it.queue;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.codec.Codecs;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.test.ShmLeakCheck;

/**
 * A property test against a model across real child JVMs: 1-3 producers write seeded messages of random sizes
 * (from empty to the maximum; {@link Messages} says what each size carries) through a small ring, 1-3 consumers
 * take until end of stream. The model is the multiset of messages the producers were told to write; the property:
 * the consumers received exactly that multiset (the 1-byte messages counted per producer, the empty ones in all),
 * each consumer saw each producer's messages of 2 bytes and more in the producer's order, no message was torn,
 * and the ring wrapped many times. Few examples, each meaningful: every one starts 2-6 JVMs.
 */
@ExtendWith(ShmLeakCheck.class)
class QueueModelTest
{
    private static final int CAPACITY = 4096;
    private static final int MAX = CAPACITY / 8;

    @Test
    void shouldDeliverEveryMessageOnceInProducerOrder()
    {
        qt().withExamples(8).withShrinkCycles(0)
            .forAll(integers().between(1, 3), integers().between(1, 3), integers().between(200, 1500), longs().all())
            .checkAssert(QueueModelTest::run);
    }

    private static void run(final int producers, final int consumers, final int perProducer, final long seed)
    {
        final String name = ShmLeakCheck.name("q-model");
        final String ctl = ShmLeakCheck.name("q-ctl");
        final QueueOptions options = QueueOptions.defaults().withCapacity(CAPACITY)
            .withSingleProducer(producers == 1).withExpectedProducers(producers);
        final List<ChildJvm> children = new ArrayList<>();
        try (SharedLongArray control = SharedLongArray.create(ctl, 'q', QueueChildren.CONTROL_LENGTH);
            ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), options))
        {
            try
            {
                long bytes = 0;
                final Map<String, Integer> model = new HashMap<>();
                for (int p = 0; p < producers; p++)
                {
                    for (int s = 0; s < perProducer; s++)
                    {
                        final int length = Messages.length(seed, p, s, MAX);
                        bytes += length + 8;
                        model.merge(Messages.key(p, s, length), 1, Integer::sum);
                    }
                    children.add(ChildJvm.start(QueueChildren.Producer.class, name, ctl, String.valueOf(p),
                        String.valueOf(perProducer), String.valueOf(seed), String.valueOf(MAX)));
                }
                assertTrue(bytes > 10L * CAPACITY, "the ring wraps at least ten times: " + bytes + " bytes");
                assertTrue(model.keySet().stream().anyMatch(k -> k.endsWith(" 0")) &&
                    model.keySet().stream().anyMatch(k -> k.endsWith(" " + MAX)), "sizes from 0 to the maximum");
                for (int c = 0; c < consumers; c++)
                {
                    children.add(ChildJvm.start(QueueChildren.Consumer.class, name, ctl));
                }
                Await.until(120, () -> control.get(QueueChildren.READY) == producers + consumers,
                    () -> "children ready: " + control.get(QueueChildren.READY));
                control.set(QueueChildren.GO, 1);
                final Map<String, Integer> received = new HashMap<>();
                for (final ChildJvm child : children)
                {
                    child.assertSuccess(180);
                }
                for (final ChildJvm consumer : children.subList(producers, children.size()))
                {
                    final int[] last = new int[producers];
                    java.util.Arrays.fill(last, -1);
                    for (final String line : consumer.stdout().split("\n"))
                    {
                        if (line.isEmpty())
                        {
                            continue;
                        }
                        final String[] f = line.split(" ");
                        if (!Messages.UNKNOWN.equals(f[1]))
                        {
                            // messages of 2 bytes and more name producer and sequence: checked for order; the
                            // 1-byte ones (producer only) and the empty ones are checked by count, in the multiset
                            final int p = Integer.parseInt(f[0]);
                            final int s = Integer.parseInt(f[1]);
                            assertTrue(s > last[p], "producer " + p + "'s message " + s + " after " + last[p]);
                            last[p] = s;
                        }
                        received.merge(line, 1, Integer::sum);
                    }
                }
                assertEquals(model, received, "multiset received = multiset sent");
                assertTrue(q.isEmpty());
            }
            finally
            {
                children.forEach(ChildJvm::close);
                q.unlink();
                control.unlink();
            }
        }
    }
}
