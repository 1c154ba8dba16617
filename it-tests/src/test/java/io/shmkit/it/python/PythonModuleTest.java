package io.shmkit.it.python;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shmkit.it.PythonChild;

/**
 * The Python package's own tests ({@code python/tests}), run with pytest where it is installed, else with
 * unittest, so that {@code mvn -B verify} runs them too.
 */
class PythonModuleTest
{
    @BeforeAll
    static void needPython()
    {
        final String why = PythonChild.unavailable();
        assumeTrue(null == why, () -> "skipping the Python package's tests: " + why);
    }

    @Test
    void shouldPassThePackagesOwnTests()
    {
        final boolean pytest;
        try (PythonChild probe = PythonChild.start("-c", "import pytest"))
        {
            pytest = probe.awaitSucceeded(120);
        }
        final String out;
        try (PythonChild tests = pytest ?
            PythonChild.start("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests") :
            PythonChild.start("-m", "unittest", "discover", "-s", "tests", "-v"))
        {
            out = tests.awaitSuccess(600);
        }
        assertTrue(pytest ? out.contains(" passed") && !out.contains("failed") :
            out.contains("\nOK") && !out.contains("Ran 0 tests"), out);
    }
}
