package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.QueueStats;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * The queue part of {@code shmkit inspect}: capacity, fill, producers and consumers of a segment of kind queue.
 * Opening a handle registers nothing: a handle becomes a producer or consumer only when it writes or reads.
 */
final class QueueInspectFormatter
{
    private QueueInspectFormatter()
    {
    }

    /**
     * Print the queue's state.
     *
     * @param out     where to print.
     * @param name    the segment.
     * @param options segment options.
     */
    static void print(final PrintWriter out, final String name, final ShmOptions options)
    {
        try (ShmQueue<byte[]> q = ShmQueue.open(name, Codecs.bytes(), QueueOptions.defaults().withShm(options)))
        {
            print(out, q.stats());
        }
    }

    static void print(final PrintWriter out, final QueueStats s)
    {
        Formats.keyLine(out, "queue", (s.singleProducer() ? "one producer" : "many producers") + ", many consumers");
        Formats.keyLine(out, "capacity", s.capacity() + " bytes (" + Formats.humanBytes(s.capacity()) + "), messages up to " +
            s.maxMessageLength() + " bytes");
        Formats.keyLine(out, "fill", s.fillBytes() + " bytes (" + String.format(Locale.ROOT, "%.1f", 100.0 * s.fillBytes() /
            s.capacity()) + " %), " + s.messages() + (s.messages() == 1 ? " message" : " messages"));
        Formats.keyLine(out, "producers", s.producers() + " attached, " + s.endedProducers() + " ended of " +
            s.expectedProducers() + " expected");
        Formats.keyLine(out, "consumers", s.consumers() + " attached, " + s.consumerRecoveries() +
            (s.consumerRecoveries() == 1 ? " recovery" : " recoveries") + " from dead consumers");
    }
}
