package io.shmkit.it.foundation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;

/** Child JVM mains that misuse segments after the JIT has compiled the access paths. */
final class BadInputChildren
{
    private BadInputChildren()
    {
    }

    /**
     * Warm up element access until compiled, close, then access again: must throw IllegalStateException, never
     * touch the unmapped memory. Exit 0 on the expected behaviour. Args: array.
     */
    static final class UseAfterClose
    {
        public static void main(final String[] args)
        {
            final SharedDoubleArray a = SharedDoubleArray.open(args[0]);
            double sink = 0;
            for (int round = 0; round < 200; round++)
            {
                for (int i = 0; i < a.length(); i++)
                {
                    sink += a.get(i);
                    a.setPlain(i, i);
                }
            }
            a.close();
            int rejected = 0;
            for (int i = 0; i < 100_000; i++)
            {
                try
                {
                    sink += a.get(i % a.length());
                }
                catch (final IllegalStateException ex)
                {
                    rejected++;
                }
            }
            try
            {
                a.negate();
            }
            catch (final IllegalStateException ex)
            {
                rejected++;
            }
            System.out.println("rejected=" + rejected + " sink=" + sink);
            System.exit(rejected == 100_001 ? 0 : 5);
        }
    }

    /**
     * Truncate the file of an array this process has mapped, then read beyond the new end. The JVM must turn
     * the fault into an exception (HotSpot: InternalError), not crash. Exit 0 if an Error or exception was
     * thrown, 6 if the read "succeeded". Args: array.
     */
    static final class TruncatedUnderneath
    {
        public static void main(final String[] args) throws IOException
        {
            final SharedDoubleArray a = SharedDoubleArray.open(args[0]);
            try (FileChannel ch = FileChannel.open(
                ShmOptions.defaults().root().resolve(args[0]), StandardOpenOption.WRITE))
            {
                ch.truncate(4096);
            }
            try
            {
                System.out.println("read " + a.get(a.length() - 1));
                System.exit(6);
            }
            catch (final Throwable t)
            {
                System.out.println("caught " + t.getClass().getName() + ": " + t.getMessage());
                System.exit(0);
            }
        }
    }

    /**
     * Truncate the file of a {@code 'q'} array this process has mapped to {@code to} bytes, then run one atomic
     * operation past the new end, in a fresh JVM: interpreted, where HotSpot does not catch a fault inside the
     * atomic instruction itself (the library reads the word first). Exit 0 if an Error or exception was thrown, 6 if
     * the operation "succeeded". Args: array, operation ({@code getAndAdd}, {@code compareAndSet},
     * {@code getAndSet}, {@code lock}), bytes to keep.
     */
    static final class TruncatedAtomic
    {
        public static void main(final String[] args) throws IOException
        {
            final SharedLongArray a = SharedLongArray.open(args[0]);
            try (FileChannel ch = FileChannel.open(
                ShmOptions.defaults().root().resolve(args[0]), StandardOpenOption.WRITE))
            {
                ch.truncate(Long.parseLong(args[2]));
            }
            final long last = a.length() - 1;
            try
            {
                switch (args[1])
                {
                    case "getAndAdd" -> System.out.println("added " + a.getAndAdd(last, 1));
                    case "compareAndSet" -> System.out.println("set " + a.compareAndSet(last, 0, 1));
                    case "getAndSet" -> System.out.println("swapped " + a.getAndSet(last, 1));
                    case "lock" -> a.stripeLock(a.stripeOf(last)).lock();
                    default -> throw new AssertionError("no operation " + args[1]);
                }
                System.exit(6);
            }
            catch (final Throwable t)
            {
                System.out.println("caught " + t.getClass().getName() + ": " + t.getMessage());
                System.exit(0);
            }
        }
    }
}
