package dev.rivulet.streaming;

import java.util.ServiceLoader;

/** Holds the {@link Operators} the class path registers, looked up once when the first stream is built. */
final class Installed {

    static final Operators OPERATORS = ServiceLoader.load(Operators.class, Operators.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no implementation of " + Operators.class.getName()
                    + " on the class path: the jar lacks META-INF/services/" + Operators.class.getName()
                    + " (it ships in rivulet.jar; a shaded build must keep it with the ServicesResourceTransformer)"));

    private Installed() {
    }
}
