package io.shmkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * {@code shmkit create}: create a persistent Array or Value for scripts and other languages to use.
 */
@Command(
    name = "create",
    header = "Create a PERSISTENT Array or Value, for scripts and other languages.",
    sortOptions = false,
    customSynopsis = {
        "shmkit create [--no-lock] [--stripes=N] [--fill=V] NAME TYPECODE LENGTH",
        "   or: shmkit create --value [--no-lock] NAME TYPECODE [INITIAL]",
    },
    description = {
        "Create a PERSISTENT segment: an Array of LENGTH elements (zero-filled, or filled with --fill), or " +
            "with --value a Value holding INITIAL (default 0). The segment outlives this short-lived command, " +
            "so that shell scripts and programs in other languages can use it; nothing removes it " +
            "automatically, not even 'shmkit clean': remove it with 'shmkit rm NAME'.%n",
        "TYPECODE is one of Python's: b h i l q (signed integers of 1, 2, 4, 8, 8 bytes), B H I L Q (unsigned), f d " +
            "(float, double). " +
            "Values are decimal or 0x-hexadecimal integers, or decimals, nan, inf, -inf for f and d; a value out " +
            "of the typecode's range is a usage error. The segment is created with locks (one per stripe; the " +
            "stripe count is chosen from the length unless --stripes is given) unless --no-lock, like " +
            "Python's RawArray and RawValue.%n",
        "Fails (exit 1) if NAME exists.%n"})
final class CreateCommand extends BaseCommand
{
    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name: letters, digits, '.', '_', '-'.")
    private String name;

    @Parameters(index = "1", paramLabel = "TYPECODE", description = "One of b B h H i I l L q Q f d.")
    private String typecode;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "LENGTH|INITIAL",
        description = "An Array's length (required), or with --value the initial value (default 0).")
    private String third;

    @Option(names = "--value", description = "Create a Value (one element) instead of an Array.")
    private boolean value;

    @Option(names = "--fill", paramLabel = "V", description = "Fill the new Array with V (default: zeros).")
    private String fill;

    @Option(names = "--no-lock", description = "Create it without locks (Python's RawArray and RawValue).")
    private boolean noLock;

    @Option(
        names = "--stripes",
        paramLabel = "N",
        description = "Number of lock stripes of an Array, a power of two from 1 to 65536 (default: chosen from " +
            "the length).")
    private Integer stripes;

    @Override
    public Integer call()
    {
        rejectUnknownOptions(name, typecode, third);
        final TypeCode type = Values.parseTypeCode(typecode);
        ShmOptions options = options().withPersistent(true).withLock(!noLock);
        if (null != stripes)
        {
            if (value)
            {
                throw CliException.usage("--stripes is for arrays: a value has one lock");
            }
            if (noLock)
            {
                throw CliException.usage("--stripes and --no-lock contradict each other");
            }
            try
            {
                options = options.withStripes(stripes);
            }
            catch (final IllegalArgumentException ex)
            {
                throw CliException.usage("--stripes " + stripes + " must be a power of two from 1 to 65536");
            }
        }
        if (value)
        {
            if (null != fill)
            {
                throw CliException.usage("--fill is for arrays: give a value's initial value as INITIAL");
            }
            createValue(type, null == third ? "0" : third, options);
        }
        else
        {
            if (null == third)
            {
                throw CliException.usage("missing LENGTH (or use --value to create a Value)");
            }
            createArray(type, Values.parseNonNegative("LENGTH", third), options);
        }
        return Main.EXIT_OK;
    }

    private void createValue(final TypeCode type, final String initial, final ShmOptions options)
    {
        final String shown;
        if (type.isFloatingPoint())
        {
            final double v = Values.parseFloating(type, initial);
            try (SharedDouble d = SharedDouble.create(name, type.code(), v, options))
            {
                shown = Values.formatFloating(type, d.get());
            }
        }
        else
        {
            final long v = Values.parseInteger(type, initial);
            try (SharedLong l = SharedLong.create(name, type.code(), v, options))
            {
                shown = Values.formatInteger(type, l.get());
            }
        }
        out().println("created value " + name + " '" + type.code() + "' = " + shown + " (" +
            (options.locked() ? "with a lock" : "no lock") + ", persistent: remove with 'shmkit rm " + name + "')");
    }

    private void createArray(final TypeCode type, final long length, final ShmOptions options)
    {
        // Parse before creating, so that a bad --fill leaves nothing behind.
        final long longFill = null == fill || type.isFloatingPoint() ? 0 : Values.parseInteger(type, fill);
        final double doubleFill = null == fill || !type.isFloatingPoint() ? 0 : Values.parseFloating(type, fill);
        final SharedArray a = type.isFloatingPoint() ?
            SharedDoubleArray.create(name, type.code(), length, options) :
            SharedLongArray.create(name, type.code(), length, options);
        try
        {
            if (null != fill)
            {
                if (a instanceof SharedDoubleArray)
                {
                    ((SharedDoubleArray)a).fill(doubleFill);
                }
                else
                {
                    ((SharedLongArray)a).fill(longFill);
                }
            }
            out().println("created array " + name + " '" + type.code() + "'[" + length + "] (" +
                Formats.humanBytes(fileLength(a)) + ", " +
                (a.hasLocks() ? a.stripeCount() + (a.stripeCount() == 1 ? " stripe" : " stripes") : "no locks") +
                (null == fill ? "" : ", filled with " + fill) + ", persistent: remove with 'shmkit rm " + name +
                "')");
        }
        catch (final RuntimeException ex)
        {
            a.unlink();
            throw ex;
        }
        finally
        {
            a.close();
        }
    }

    private static long fileLength(final SharedArray a)
    {
        return SegmentDescriptor.fileLength(a.stripeCount(), a.length(), a.typeCode().size());
    }
}
