package io.shmkit.transform;

import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;

import io.shmkit.SharedArray;
import io.shmkit.ShmLock;
import io.shmkit.internal.mem.Mem;
import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.segment.TypeCode;

/**
 * The command line of a transform child: the JVM options that compile its hot path early, and the
 * {@link ShmProcessBuilder} that starts it with its {@link WorkerArgs}.
 *
 * <p><b>Note:</b> static and stateless; thread-safe.
 */
final class TransformJvm
{
    /**
     * The classes whose methods a transform child runs per stripe and per element (the stripe loop included;
     * not {@link TransformStart}, whose wait must not stop for a compilation): compiled in the foreground and
     * at a tenth of the usual thresholds, so that a short warm-up takes them to C2.
     */
    static final List<String> HOT_PATH = List.of(
        TransformWorker.class.getName() + "::*",
        TransformWarmUp.class.getName() + "::*",
        TransformOp.class.getName() + "::*",
        BuiltInOperators.class.getName() + "*::*", // and its nested operator classes
        SharedArray.class.getPackageName() + ".Shared*::*",
        ShmLock.class.getName() + "::*",
        Mem.class.getPackageName() + ".*::*", // the accessors and every bulk kernel
        TypeCode.class.getName() + "::*",
        UnsafeApi.class.getName() + "::*",
        "jdk.internal.misc.Unsafe::*"); // not exported to this code at compile time: the one name written out
    /**
     * JVM options of every transform child, before the caller's (which may override them).
     * <ul>
     * <li>No safepoint polls in counted loops: C2 compiles a bulk kernel as one loop instead of strip-mining it
     * into an outer and an inner loop, and the phase streams about 5 % faster (docs/benchmarks.md). The cost: a
     * safepoint (a garbage collection, a deoptimisation) waits for the working thread to finish the stripe its
     * loop is in; a child has no other thread whose latency matters.</li>
     * <li>The methods of {@link #HOT_PATH} compiled in the foreground (the thread that makes a method hot waits
     * for its compilation) and at a tenth of the usual thresholds: so the warm-up ends with everything it
     * compiled installed, and no compilation left in the queue competes with the phase for a CPU
     * ({@link TransformWarmUp#warmUp}). {@code quiet} keeps the JVM from announcing these commands on the
     * child's output. The price is start-up: a child waits for its C2 compilations (most of the difference
     * between the default and {@code fastStart} in docs/benchmarks.md).</li>
     * </ul>
     */
    static final List<String> CHILD_JVM_OPTIONS = childJvmOptions();

    private TransformJvm()
    {
    }

    private static List<String> childJvmOptions()
    {
        final List<String> o = new ArrayList<>(List.of("-XX:-UseCountedLoopSafepoints", "-XX:CompileCommand=quiet"));
        for (final String pattern : HOT_PATH)
        {
            o.add("-XX:CompileCommand=BackgroundCompilation," + pattern + ",false");
            o.add("-XX:CompileCommand=CompileThresholdScaling," + pattern + ",0.1");
        }
        return List.copyOf(o);
    }

    /**
     * The builder of the child of a worker.
     *
     * @param launch the worker: its array, arguments and the transform's options.
     * @return a builder ready to start the child.
     */
    static ShmProcessBuilder builder(final WorkerLaunch launch)
    {
        final WorkerArgs args = launch.workerArgs();
        final TransformOptions options = launch.options();
        final TransformOp op = args.op();
        final ShmProcessBuilder b = ShmProcess.builder()
            .task(TransformWorker.class)
            .name("transform-" + args.worker())
            .share(launch.array())
            .args(args.toArgs())
            .stdout(ShmProcess.Output.INHERIT)
            .stderr(ShmProcess.Output.CAPTURE)
            .jvmOptions(CHILD_JVM_OPTIONS)
            .jvmOptions(options.jvmOptions())
            .heap(options.heap())
            .fastStart(options.fastStart())
            .classDataArchive(options.classDataArchive())
            .shmOptions(options.shmOptions());
        if (op.isUser())
        {
            b.archivePreload(op.className);
        }
        if (null != options.java())
        {
            b.java(options.java());
        }
        if (null != options.classPath())
        {
            b.classPath(options.classPath());
        }
        return b;
    }
}
