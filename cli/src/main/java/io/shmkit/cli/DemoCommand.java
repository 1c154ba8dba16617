package io.shmkit.cli;

import picocli.CommandLine.Command;

/**
 * {@code shmkit demo}: Python's multiprocessing examples in Java, at scale.
 */
@Command(name = "demo", description = "Run the demo.")
final class DemoCommand extends BaseCommand
{
    @Override
    public Integer call()
    {
        throw CliException.failure("demo: not built yet");
    }
}
