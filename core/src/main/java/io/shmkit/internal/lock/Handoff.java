package io.shmkit.internal.lock;

import static io.shmkit.internal.lock.LockSlotDescriptor.HANDOFF_DEADLINE_OFFSET;
import static io.shmkit.internal.lock.LockSlotDescriptor.HANDOFF_TOKEN_OFFSET;

import java.util.concurrent.ThreadLocalRandom;

import org.agrona.UnsafeApi;

import io.shmkit.internal.mem.Mem;

/**
 * The hand-off steps of {@code docs/spec/locks.md} ("Acquire" step 4) on a lock slot's hand-off fields, for
 * {@link RobustLock}: small static methods the JIT inlines into the acquire loop. Not API.
 */
final class Handoff
{
    private Handoff()
    {
    }

    /**
     * Whether a free lock must be left to another waiter: its registration stands (token set, not ours, lease
     * running, and not further ahead than a lease: a clock that jumped back must not stall everyone).
     */
    static boolean mustYield(final long word, final long mine)
    {
        final long t = UnsafeApi.getLongVolatile(null, word + HANDOFF_TOKEN_OFFSET);
        if (t == 0L || t == mine)
        {
            return false;
        }
        final long left = UnsafeApi.getLongVolatile(null, word + HANDOFF_DEADLINE_OFFSET) - System.currentTimeMillis();
        return left > 0 && left <= RobustLock.HANDOFF_LEASE_MS;
    }

    /** Register for a hand-off, or renew the registration; returns the token if registered, else 0. */
    static long ask(final long word, final long token)
    {
        final long tokenAddress = word + HANDOFF_TOKEN_OFFSET;
        final long t = UnsafeApi.getLongVolatile(null, tokenAddress);
        final long now = System.currentTimeMillis();
        if (t != 0L && t == token)
        {
            // renew when less than half the lease is left
            if (UnsafeApi.getLongVolatile(null, word + HANDOFF_DEADLINE_OFFSET) - now < RobustLock.HANDOFF_LEASE_MS / 2)
            {
                UnsafeApi.putLongVolatile(null, word + HANDOFF_DEADLINE_OFFSET, now + RobustLock.HANDOFF_LEASE_MS);
            }
            return token;
        }
        if (t != 0L && mustYield(word, token))
        {
            return 0L; // another waiter's registration stands
        }
        final long mine = token != 0L ? token : ThreadLocalRandom.current().nextLong() | 1L;
        // NOTE: CAS from the exact token seen (0, or an expired one): of many waiters one registers. The deadline is
        // written after; until then the others may read the old, expired one and not yield: a benign race.
        if (Mem.cas64(tokenAddress, t, mine))
        {
            UnsafeApi.putLongVolatile(null, word + HANDOFF_DEADLINE_OFFSET, now + RobustLock.HANDOFF_LEASE_MS);
            return mine;
        }
        return 0L;
    }
}
