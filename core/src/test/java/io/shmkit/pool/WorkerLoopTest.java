package io.shmkit.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class WorkerLoopTest
{
    @Test
    void shouldRunTheWarmUpInOneProcess()
    {
        final QueueOptions options = QueueOptions.defaults().withCapacity(64 * 1024);
        try (ShmQueue<byte[]> requests = ShmQueue.create(ShmLeakCheck.name("req"), Codecs.bytes(),
                options.withSingleProducer(true));
             ShmQueue<byte[]> results = ShmQueue.create(ShmLeakCheck.name("res"), Codecs.bytes(), options))
        {
            try
            {
                WorkerWarmUp.drive(requests, results, WaitStrategy.BACKOFF, 1_000);
            }
            finally
            {
                requests.unlink();
                results.unlink();
            }
        }
    }
}
