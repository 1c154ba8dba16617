package io.shmkit.transform;

import java.time.Duration;
import java.util.OptionalInt;

import io.shmkit.process.ShmProcess;

/**
 * The default {@link WorkerLauncher}: one fresh child JVM per worker ({@link TransformJvm#builder}), running
 * {@link TransformWorker}, which exits when its work is done.
 *
 * <p><b>Note:</b> stateless and thread-safe; each {@link LaunchedWorker} is as thread-safe as
 * {@link ShmProcess}.
 */
final class FreshChildLauncher implements WorkerLauncher
{
    /** The one instance. */
    static final FreshChildLauncher INSTANCE = new FreshChildLauncher();

    private FreshChildLauncher()
    {
    }

    @Override
    public LaunchedWorker launch(final WorkerLaunch launch)
    {
        return new Child(TransformJvm.builder(launch).start());
    }

    @Override
    public String toString()
    {
        return "fresh child JVMs";
    }

    /** A child JVM running one worker: its process's end is the worker's. */
    private static final class Child implements LaunchedWorker
    {
        private final ShmProcess process;

        Child(final ShmProcess process)
        {
            this.process = process;
        }

        @Override
        public long pid()
        {
            return process.pid();
        }

        @Override
        public boolean isAlive()
        {
            return process.isAlive();
        }

        @Override
        public boolean join(final Duration timeout) throws InterruptedException
        {
            return process.join(timeout);
        }

        @Override
        public OptionalInt exitCode()
        {
            return process.exitCode();
        }

        @Override
        public String errorText()
        {
            return process.stderrTail();
        }

        @Override
        public Exception failure(final int exitCode)
        {
            return process.failure(exitCode);
        }

        @Override
        public void kill()
        {
            process.kill();
        }

        @Override
        public String toString()
        {
            return process.toString();
        }
    }
}
