package io.shmkit.arch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layer picture of {@code docs/design.md} in code, and a checker that reads the packages each compiled class
 * refers to from its constant pool (class references and descriptors), so that nothing but the bytecode counts:
 * a Javadoc link is not a dependency, a field type or a lambda's target is.
 */
final class Layers
{
    /**
     * Bottom up. A package may refer to packages of lower layers and to itself, never to a package of its own or a
     * higher layer. A package not listed here is itself a violation: a new layer must be placed in the picture.
     */
    static final List<Set<String>> LAYERS = List.of(
        Set.of("io.shmkit.segment"),
        Set.of("io.shmkit.internal", "io.shmkit.internal.os", "io.shmkit.internal.process"),
        Set.of("io.shmkit.internal.mem"),
        Set.of("io.shmkit.internal.segment"),
        Set.of("io.shmkit.internal.lock"),
        Set.of("io.shmkit"),
        Set.of("io.shmkit.codec"),
        Set.of("io.shmkit.queue", "io.shmkit.sync"),
        Set.of("io.shmkit.collection", "io.shmkit.process"),
        Set.of("io.shmkit.manager"),
        Set.of("io.shmkit.transform"),
        Set.of("io.shmkit.pool"));

    private static final Pattern REF = Pattern.compile("io/shmkit((?:/[a-z0-9_]+)*)/[A-Z][\\w$]*");

    private Layers()
    {
    }

    static int layerOf(final String pkg)
    {
        for (int i = 0; i < LAYERS.size(); i++)
        {
            if (LAYERS.get(i).contains(pkg))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The violations in a dependency map.
     *
     * @param deps package -> packages its classes refer to.
     * @return one line per forbidden edge or unplaced package, empty if the picture holds.
     */
    static List<String> violations(final Map<String, Set<String>> deps)
    {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<String, Set<String>> e : deps.entrySet())
        {
            final String from = e.getKey();
            final int lf = layerOf(from);
            if (lf < 0)
            {
                out.add(from + " is in no layer: place it in Layers.LAYERS and docs/design.md");
                continue;
            }
            for (final String to : e.getValue())
            {
                if (to.equals(from))
                {
                    continue;
                }
                final int lt = layerOf(to);
                if (lt < 0)
                {
                    out.add(from + " -> " + to + ": the target is in no layer");
                }
                else if (lt == lf)
                {
                    out.add(from + " -> " + to + ": packages of one layer must not refer to each other");
                }
                else if (lt > lf)
                {
                    out.add(from + " -> " + to + ": an upward reference (layer " + lf + " to layer " + lt + ")");
                }
            }
        }
        return out;
    }

    /**
     * The package dependencies of every class under a class-file root.
     *
     * @param root a directory of compiled classes.
     * @return package -> shmkit packages its classes refer to.
     * @throws IOException if a class file cannot be read.
     */
    static Map<String, Set<String>> read(final Path root) throws IOException
    {
        final Map<String, Set<String>> deps = new TreeMap<>();
        final List<Path> files;
        try (Stream<Path> s = Files.walk(root))
        {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (final Path f : files)
        {
            final String rel = root.relativize(f.getParent()).toString().replace('/', '.');
            final Set<String> to = deps.computeIfAbsent(rel, k -> new TreeSet<>());
            try (InputStream in = Files.newInputStream(f))
            {
                for (final String utf8 : utf8Constants(in))
                {
                    final Matcher m = REF.matcher(utf8);
                    while (m.find())
                    {
                        to.add(("io/shmkit" + m.group(1)).replace('/', '.'));
                    }
                }
            }
        }
        return deps;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
    static List<String> utf8Constants(final InputStream raw) throws IOException
    {
        final DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE)
        {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        final int count = in.readUnsignedShort();
        final List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++)
        {
            final int tag = in.readUnsignedByte();
            switch (tag)
            {
                case 1 -> out.add(in.readUTF());
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 ->
                {
                    in.skipBytes(8);
                    i++; // a long or double takes two entries
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }
}
