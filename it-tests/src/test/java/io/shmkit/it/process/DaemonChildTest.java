package io.shmkit.it.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.shmkit.Segments;
import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

@Timeout(180)
class DaemonChildTest
{
    private static final int CHILDREN = 2;

    @Test
    void shouldEndDaemonChildrenWhenTheirParentIsKilledWithSigkill() throws Exception
    {
        final String prefix = "it-daemon-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        final SharedLongArray pids = SharedLongArray.create(prefix + "-pids", 'q', CHILDREN + 1);
        final List<ProcessIdentity> grandchildren = new ArrayList<>();
        ShmProcess parent = null;
        try
        {
            parent = ShmProcess.builder().mainClass(Children.SpawningParentMain.class).share(pids)
                .args(Integer.toString(CHILDREN), prefix).start();
            final ShmProcess p = parent;
            Await.until(60, () -> pids.get(CHILDREN) == 1 || !p.isAlive(),
                () -> "the intermediate parent to start its children");
            assertTrue(parent.isAlive(), "intermediate parent runs: " + parent.stderrTail());
            for (int i = 0; i < CHILDREN; i++)
            {
                final ProcessIdentity id = ProcessIdentity.of(pids.get(i));
                assertTrue(null != id, "child " + i + " runs before the parent is killed");
                grandchildren.add(id);
            }

            parent.toHandle().destroyForcibly();

            assertTrue(parent.join(Duration.ofSeconds(60)), "the intermediate parent died");
            Await.until(20, () -> grandchildren.stream().noneMatch(ProcessIdentity::isAlive),
                () -> "every daemon child to exit after its parent's kill -9");
        }
        finally
        {
            for (final ProcessIdentity id : grandchildren)
            {
                ProcessHandle.of(id.pid()).ifPresent(h -> { if (id.isAlive()) h.destroyForcibly(); });
            }
            if (null != parent)
            {
                parent.close();
            }
            for (int i = 0; i < CHILDREN; i++)
            {
                // the killed parent created these and could not unlink them
                Segments.remove(prefix + "-f" + i, ShmOptions.defaults());
            }
            pids.unlink();
            pids.close();
        }
    }
}
