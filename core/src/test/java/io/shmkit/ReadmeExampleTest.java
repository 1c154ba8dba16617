package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.process.ShmProcess;
import io.shmkit.test.ShmLeakCheck;

/**
 * The example at the top of README.md, kept compiling and true: the README's block is compiled as written (its
 * imports name the packages the classes are in), and the same code runs here, a real child JVM negating the array.
 */
@ExtendWith(ShmLeakCheck.class)
class ReadmeExampleTest
{
    /** The child's work, as in the README. */
    public static class Negate implements ChildTask
    {
        @Override
        public void run(final ChildContext ctx)
        {
            ctx.doubleArray(ctx.sharedName(0)).negate();
        }
    }

    @Test
    void shouldRunTheReadmeExample() throws InterruptedException
    {
        try (SharedDoubleArray arr = SharedDoubleArray.create(ShmLeakCheck.name("classic"), 'd', 10))
        {
            for (int i = 0; i < 10; i++)
            {
                arr.set(i, i);
            }
            ShmProcess.builder().task(Negate.class).share(arr).start()
                .joinAndCheck(Duration.ofMinutes(1));
            assertEquals("[-0.0, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0]", Arrays.toString(arr.toArray()));
            arr.unlink();
        }
    }

    @Test
    void shouldCompileTheReadmeExampleAsWritten(@TempDir final Path dir) throws IOException
    {
        final List<String> block = readmeJavaBlock();
        // The block is imports, the child's class (to its closing brace at column 0), then the parent's statements:
        // the class becomes a nested class and the statements a method body, nothing else is changed.
        final int classStart = indexOf(block, 0, "public class ");
        final int classEnd = indexOf(block, classStart, "}");
        final String source = String.join("\n", block.subList(0, classStart)) +
            "\npublic class ReadmeSnippet\n{\n" +
            String.join("\n", block.subList(classStart, classEnd + 1))
                .replace("public class ", "public static class ") +
            "\nstatic void example() throws Exception\n{\n" +
            String.join("\n", block.subList(classEnd + 1, block.size())) + "\n}\n}\n";
        final Path file = dir.resolve("ReadmeSnippet.java");
        Files.writeString(file, source);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK, which has a compiler");
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
            javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8))
        {
            final boolean compiled = javac.getTask(null, files, diagnostics,
                List.of("-proc:none", "-d", dir.toString(), "-classpath", System.getProperty("java.class.path")),
                null, files.getJavaFileObjects(file)).call();
            assertTrue(compiled, () -> "the README's example does not compile: " + diagnostics.getDiagnostics() +
                "\n" + source);
        }
    }

    /** The lines of the first {@code java} block of the project's README.md. */
    private static List<String> readmeJavaBlock() throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        final int start = lines.indexOf("```java");
        assertTrue(start >= 0, "README.md has a java block");
        final int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
        assertTrue(end > start, "the README's java block is closed");
        return lines.subList(start + 1, end);
    }

    private static int indexOf(final List<String> lines, final int from, final String prefix)
    {
        for (int i = from; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in the README's java block: " + lines);
    }
}
