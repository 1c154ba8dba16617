package io.shmkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code shmkit get NAME [INDEX]}: print a Value, or one element of an Array.
 */
@Command(
    name = "get",
    header = "Print a Value, or one element of an Array.",
    customSynopsis = {
        "shmkit get NAME INDEX     (an element of an Array)",
        "   or: shmkit get NAME           (a Value)",
    },
    description = {
        "Print one element: a Value's value, or element INDEX (from 0) of an Array, read atomically (volatile) " +
            "without taking a lock. Integers print in decimal ('Q' and 'L' unsigned), floating point as decimal, " +
            "nan, inf or -inf.%n"})
final class GetCommand extends BaseCommand
{
    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    private String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INDEX", description = "Element index, for an Array.")
    private String index;

    @Override
    public Integer call()
    {
        try (Element e = Element.open(name, index, options(), "shmkit get " + name, "shmkit get " + name + " INDEX"))
        {
            out().println(e.get());
        }
        return Main.EXIT_OK;
    }
}
