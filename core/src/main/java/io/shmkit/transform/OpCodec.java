package io.shmkit.transform;

import static io.shmkit.transform.TransformOp.ADD;
import static io.shmkit.transform.TransformOp.CLAMP;
import static io.shmkit.transform.TransformOp.MULTIPLY;
import static io.shmkit.transform.TransformOp.NAMES;
import static io.shmkit.transform.TransformOp.SQRT;
import static io.shmkit.transform.TransformOp.USER;

/**
 * A {@link TransformOp} as one token of a child's command line ({@link WorkerArgs}), and back.
 *
 * <p><b>Note:</b> static and stateless; thread-safe.
 */
final class OpCodec
{
    private OpCodec()
    {
    }

    /**
     * The operation as one command-line token, exact for doubles (raw bits).
     *
     * @param op the operation.
     * @return e.g. {@code "add:L:1:0"} or {@code "user:com.example.Op"}.
     */
    static String encode(final TransformOp op)
    {
        final int kind = op.kind;
        final long l1 = op.l1;
        final long l2 = op.l2;
        final double d1 = op.d1;
        final double d2 = op.d2;
        switch (kind)
        {
            case ADD:
            case MULTIPLY:
            case CLAMP:
                return NAMES[kind] + ":" + (op.integral ? "L:" + l1 + ":" + l2 :
                    "D:" + Long.toHexString(Double.doubleToRawLongBits(d1)) + ":" +
                    Long.toHexString(Double.doubleToRawLongBits(d2)));
            case USER:
                return "user:" + op.className;
            default:
                return NAMES[kind];
        }
    }

    /**
     * The operation {@link #encode} wrote.
     *
     * @param token the token.
     * @return the operation.
     * @throws IllegalArgumentException if it names no operation.
     */
    static TransformOp decode(final String token)
    {
        final String[] p = token.split(":");
        int k = -1;
        for (int i = 0; i < NAMES.length; i++)
        {
            if (NAMES[i].equals(p[0]))
            {
                k = i;
            }
        }
        if (k < 0)
        {
            throw new IllegalArgumentException("unknown operation '" + token + "'");
        }
        if (k == USER)
        {
            return new TransformOp(USER, true, 0, 0, 0, 0, p[1]);
        }
        if (k == ADD || k == MULTIPLY || k == CLAMP)
        {
            if ("L".equals(p[1]))
            {
                return TransformOp.ofLongs(k, Long.parseLong(p[2]), Long.parseLong(p[3]));
            }
            return TransformOp.ofDoubles(k, Double.longBitsToDouble(Long.parseUnsignedLong(p[2], 16)),
                Double.longBitsToDouble(Long.parseUnsignedLong(p[3], 16)));
        }
        return k == SQRT ? TransformOp.sqrt() : TransformOp.simple(k);
    }
}
