package io.shmkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code shmkit set NAME [INDEX] VALUE}: write a Value, or one element of an Array.
 */
@Command(
    name = "set",
    header = "Write a Value, or one element of an Array.",
    customSynopsis = {
        "shmkit set NAME INDEX VALUE     (an element of an Array)",
        "   or: shmkit set NAME VALUE           (a Value)",
    },
    description = {
        "Write one element atomically (volatile) without taking a lock: a Value, or element INDEX (from 0) of an " +
            "Array. VALUE is parsed for the segment's typecode: decimal or 0x-hexadecimal integers in the " +
            "typecode's range ('Q' and 'L' take 0 .. 18446744073709551615), or for f and d a decimal, nan, inf, " +
            "-inf or -0.0. A value out of range is a usage error (exit 2) and writes nothing. Negative values " +
            "need no '--'.%n"})
final class SetCommand extends BaseCommand
{
    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    private String name;

    @Parameters(index = "1", paramLabel = "INDEX|VALUE", description = "Element index (Array), or the value (Value).")
    private String second;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "The value, for an Array.")
    private String third;

    @Override
    public Integer call()
    {
        rejectUnknownOptions(name, second, third);
        final String index = null == third ? null : second;
        final String text = null == third ? second : third;
        try (Element e = Element.open(
            name, index, options(), "shmkit set " + name + " VALUE", "shmkit set " + name + " INDEX VALUE"))
        {
            e.set(text);
        }
        return Main.EXIT_OK;
    }
}
