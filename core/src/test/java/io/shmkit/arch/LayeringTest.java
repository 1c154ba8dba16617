package io.shmkit.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shmkit.SharedLong;

/** The packages of core keep to the layer picture of docs/design.md: no upward reference, no cycle. */
class LayeringTest
{
    private static Path mainClasses() throws Exception
    {
        // the directory SharedLong was loaded from: core's compiled main classes
        final Path p = Path.of(SharedLong.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(p), "main classes are a directory in the build: " + p);
        return p;
    }

    @Test
    void shouldKeepEveryReferenceOfCoreDownward() throws Exception
    {
        final Map<String, Set<String>> deps = Layers.read(mainClasses());
        assertTrue(deps.containsKey("io.shmkit") && deps.containsKey("io.shmkit.internal.segment"),
            "the classes were found: " + deps.keySet());
        assertEquals(List.of(), Layers.violations(deps));
    }

    @Test
    void shouldSeeReferencesInTheBytecode() throws Exception
    {
        final Map<String, Set<String>> deps = Layers.read(mainClasses());
        // real edges the checker must see, or it could pass by seeing nothing
        assertTrue(deps.get("io.shmkit").contains("io.shmkit.internal.segment"), deps.get("io.shmkit").toString());
        assertTrue(deps.get("io.shmkit.transform").contains("io.shmkit.process"), deps.toString());
    }

    @Test
    void shouldReportAnUpwardReferenceASiblingReferenceAndAnUnplacedPackage()
    {
        final List<String> v = Layers.violations(Map.of(
            "io.shmkit.internal.segment", Set.of("io.shmkit.segment", "io.shmkit"),
            "io.shmkit.queue", Set.of("io.shmkit.sync"),
            "io.shmkit.elsewhere", Set.of()));
        assertEquals(3, v.size(), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("io.shmkit.internal.segment -> io.shmkit:") &&
            s.contains("upward")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("io.shmkit.queue -> io.shmkit.sync")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("io.shmkit.elsewhere is in no layer")), v.toString());
    }
}
