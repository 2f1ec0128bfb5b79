package dev.rivulet.cli;

import dev.rivulet.storage.sqlite.SqliteStore;

/**
 * The slow parts of a gateway's start that depend on nothing the configuration says, begun on a second thread
 * while the first reads the configuration. Each would otherwise hold up the first reading on the main thread:
 * tinylog's runtime (it asks the JVM's management beans for the start time: 10 ms), and SQLite's platform (sqlite-jdbc
 * runs {@code uname} in a child process to pick its native library where the store cannot tell without it) and
 * configuration classes. The main thread, reaching one of them first or while it is under way, does or
 * waits for that one itself, so nothing is done twice and nothing waits for the rest. On one core it costs nothing
 * either: the work is the same, only its order changes.
 */
final class StartWarmup {

    private StartWarmup() {
    }

    static void begin() {
        Thread thread = new Thread(StartWarmup::warm, "rivulet-start-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warm() {
        try {
            // Initialising the class is the work: its runtime is made once, in its static initialiser.
            Class.forName("org.tinylog.runtime.RuntimeProvider", true, StartWarmup.class.getClassLoader());
            SqliteStore.prepareAhead();
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // Only an earlier start of what the main thread does anyway, which then says what is wrong. Not logged:
            // a log line before the main thread has set logging up would fix tinylog's configuration as it is.
        }
    }
}
