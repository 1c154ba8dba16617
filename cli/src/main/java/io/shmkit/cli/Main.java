package io.shmkit.cli;

/**
 * Entry point of the {@code shmkit} command-line tool.
 */
public final class Main
{
    private Main()
    {
    }

    /**
     * Run the tool.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.out.println("shmkit: command-line tool not built yet");
    }
}
