package io.shmkit.transform;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.segment.TypeCode;

/**
 * User operations ({@link TransformOp#user(String)}): the checks of a user class in the parent, and its
 * instantiation in a child.
 *
 * <p><b>Note:</b> static and stateless; thread-safe.
 */
final class UserOperators
{
    private UserOperators()
    {
    }

    /**
     * Check that a name is a binary class name.
     *
     * @param className the name.
     * @return the name.
     * @throws IllegalArgumentException if it is not.
     */
    static String checkName(final String className)
    {
        if (null == className || !className.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*"))
        {
            throw new IllegalArgumentException("user operation class name '" + className + "' is not a class name");
        }
        return className;
    }

    /**
     * Check that a user class can be instantiated by a child.
     *
     * @param type the class.
     * @throws IllegalArgumentException if it is not public and concrete with a public no-argument constructor.
     */
    static void checkConstructor(final Class<?> type)
    {
        try
        {
            final Constructor<?> c = type.getConstructor();
            if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()) || null == c)
            {
                throw new NoSuchMethodException();
            }
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException(
                "user operation " + type.getName() + " must be a public concrete class with a public no-argument " +
                "constructor");
        }
    }

    /**
     * Check, if this JVM can load it, that a user class implements the interface a typecode needs and has a
     * public no-argument constructor; a class this JVM cannot load is left to the child.
     *
     * @param className the class.
     * @param wanted    {@link DoubleUnaryOperator} or {@link LongUnaryOperator}.
     * @param type      the array's typecode.
     * @throws IllegalArgumentException if it does not.
     */
    static void checkClass(final String className, final Class<?> wanted, final TypeCode type)
    {
        final Class<?> c;
        try
        {
            c = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return; // maybe on the child's class path only: the child checks
        }
        catch (final SecurityException ex)
        {
            return;
        }
        if (!wanted.isAssignableFrom(c))
        {
            throw new IllegalArgumentException("user operation " + className + " does not implement " +
                wanted.getSimpleName() + ", needed for typecode " + type);
        }
        checkConstructor(c);
    }

    /**
     * A child's instance of a user operation.
     *
     * @param className the class.
     * @param wanted    the interface it must implement.
     * @param type      the array's typecode, for the message.
     * @param <T>       the interface.
     * @return a new instance.
     * @throws ReflectiveOperationException if it cannot be loaded or constructed.
     * @throws IllegalArgumentException     if it does not implement {@code wanted}.
     */
    static <T> T instantiate(final String className, final Class<T> wanted, final TypeCode type)
        throws ReflectiveOperationException
    {
        final Class<?> c = Class.forName(className, true, ClassLoader.getSystemClassLoader());
        if (!wanted.isAssignableFrom(c))
        {
            throw new IllegalArgumentException("user operation " + className + " does not implement " +
                wanted.getName() + ", needed for typecode " + type);
        }
        return wanted.cast(c.getConstructor().newInstance());
    }
}
