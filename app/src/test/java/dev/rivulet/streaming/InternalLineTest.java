package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine's API names no class of {@code streaming.internal}: the line the package's name draws holds. */
class InternalLineTest {

    private static final String INTERNAL = "dev.rivulet.streaming.internal.";

    @Test
    void noPublicSignatureOfTheEngineNamesAnInternalClass() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> classes = apiClasses();
        assertTrue(classes.size() > 20, "found the engine's classes: " + classes);
        for (Class<?> type : classes) {
            check(leaks, type + " extends", type.getGenericSuperclass());
            for (Type implemented : type.getGenericInterfaces()) {
                check(leaks, type + " implements", implemented);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    check(leaks, method.toString(), method.getGenericReturnType());
                    for (Type parameter : method.getGenericParameterTypes()) {
                        check(leaks, method.toString(), parameter);
                    }
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())) {
                    for (Type parameter : constructor.getGenericParameterTypes()) {
                        check(leaks, constructor.toString(), parameter);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> leaks, String where, Type type) {
        if (type != null && type.getTypeName().contains(INTERNAL)) {
            leaks.add(where + ": " + type.getTypeName());
        }
    }

    /** The public classes of {@code dev.rivulet.streaming} itself, nested ones included. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(DStream.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/rivulet/streaming");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName("dev.rivulet.streaming." + name.substring(0, name.length() - 6));
                if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
                    classes.add(type);
                }
            }
        }
        return classes;
    }
}
