package io.shmkit.bench.queue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;
import io.shmkit.segment.ShmOptions;

/**
 * What the queue benchmarks share: a shmkit queue or a raw Agrona ring in a {@code /dev/shm} file of the same
 * capacity, and child JVMs that drain or echo it ({@link QueueChild}).
 *
 * <p><b>Note:</b> one fixture per benchmark trial; not thread-safe.
 */
final class QueueFixture implements AutoCloseable
{
    /** Ring capacity of every queue and ring in these benchmarks. */
    static final int CAPACITY = 1 << 20;
    /** Implementation: shmkit's queue. */
    static final String SHMKIT = "shmkit";
    /** Implementation: Agrona's raw ring buffer. */
    static final String AGRONA = "agrona";

    private final List<Process> children = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<MappedByteBuffer> maps = new ArrayList<>();

    static String uniqueName(final String what)
    {
        return "shmkit-bench-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    ShmQueue<byte[]> createQueue(final String name, final boolean singleProducer, final WaitStrategy wait)
    {
        names.add(name);
        return ShmQueue.create(name, Codecs.bytes(), QueueOptions.defaults().withCapacity(CAPACITY)
            .withSingleProducer(singleProducer).withWaitStrategy(wait));
    }

    static ShmQueue<byte[]> openQueue(final String name, final WaitStrategy wait)
    {
        return ShmQueue.open(name, Codecs.bytes(), QueueOptions.defaults().withWaitStrategy(wait));
    }

    static Path file(final String name)
    {
        return ShmOptions.defaults().root().resolve(name);
    }

    RingBuffer createRing(final String name, final boolean oneToOne)
    {
        names.add(name);
        final MappedByteBuffer map =
            IoUtil.mapNewFile(file(name).toFile(), CAPACITY + RingBufferDescriptor.TRAILER_LENGTH);
        maps.add(map);
        return ring(new UnsafeBuffer(map), oneToOne);
    }

    static RingBuffer ring(final UnsafeBuffer buffer, final boolean oneToOne)
    {
        return oneToOne ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
    }

    static RingBuffer openRing(final String name, final boolean oneToOne)
    {
        final File f = file(name).toFile();
        return ring(new UnsafeBuffer(IoUtil.mapExistingFile(f, name)), oneToOne);
    }

    /**
     * Start a child JVM running {@link QueueChild} and wait until it reports ready on its standard output.
     *
     * @param args the child's arguments.
     */
    void startChild(final String... args)
    {
        startChild(QueueChild.class, List.of(args));
    }

    /**
     * Start a child JVM running {@code main} and wait until it prints {@code R} on its standard output.
     *
     * @param main the child's entry class.
     * @param args its arguments.
     * @return the child (stopped by {@link #close()}).
     */
    Process startChild(final Class<?> main, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        try
        {
            final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            children.add(p);
            final int c = p.getInputStream().read();
            if (c != 'R')
            {
                throw new IllegalStateException("queue child did not start: " + cmd);
            }
            return p;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        for (final Process p : children)
        {
            p.destroyForcibly();
            try
            {
                p.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (final MappedByteBuffer m : maps)
        {
            IoUtil.unmap(m);
        }
        for (final String name : names)
        {
            IoUtil.deleteIfExists(file(name).toFile());
        }
    }
}
