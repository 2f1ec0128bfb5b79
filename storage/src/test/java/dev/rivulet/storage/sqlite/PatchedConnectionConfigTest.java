package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;

/**
 * The storage module's {@code org.sqlite.SQLiteConnectionConfig}, which replaces sqlite-jdbc's in rivulet.jar
 * (storage/README.md, "sqlite-jdbc, patched"): the same API as the class it replaces, dates through a real SQLite
 * file as sqlite-jdbc writes and reads them, and the date format made only when asked for.
 */
class PatchedConnectionConfigTest {

    @TempDir
    Path dir;

    /** When sqlite-jdbc is upgraded, this fails until the class here is compared with the new one. */
    @Test
    void hasEveryMemberOfSqliteJdbcsOwnClassAndNoOther() throws Exception {
        URL sqliteJdbc = SQLiteConfig.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(sqliteJdbc.getPath().endsWith(".jar"), "SQLiteConfig comes from sqlite-jdbc's jar: " + sqliteJdbc);
        try (URLClassLoader original = new URLClassLoader(new URL[] {sqliteJdbc}, ClassLoader.getPlatformClassLoader())) {
            Class<?> theirs = Class.forName(SQLiteConnectionConfig.class.getName(), false, original);
            assertNotEquals(theirs.getClassLoader(), SQLiteConnectionConfig.class.getClassLoader());
            assertEquals(members(theirs), members(SQLiteConnectionConfig.class));
            assertEquals(Arrays.asList(theirs.getInterfaces()).toString(),
                    Arrays.asList(SQLiteConnectionConfig.class.getInterfaces()).toString());
        }
    }

    @Test
    void theDefaultPatternIsMadeIntoAFormatOnlyWhenAskedFor() throws Exception {
        SQLiteConnectionConfig config = new SQLiteConfig().newConnectionConfig();
        assertNull(heldFormat(config), "no date format made with the connection config");
        assertNull(heldFormat(config.copyConfig()));

        assertEquals(SQLiteConfig.DEFAULT_DATE_STRING_FORMAT, config.getDateFormat().getPattern());
        assertSame(config.getDateFormat(), heldFormat(config));
        assertSame(config.getDateFormat(), config.copyConfig().getDateFormat(), "one format per pattern, from the cache");
    }

    /** A bad pattern fails when it is set, as it did in sqlite-jdbc: not later, at the first date. */
    @Test
    void anyOtherPatternIsMadeAtOnceSoABadOneFailsWhereItDid() throws Exception {
        SQLiteConnectionConfig config = new SQLiteConfig().newConnectionConfig();
        config.setDateStringFormat("dd.MM.yyyy");
        assertNotNull(heldFormat(config));
        assertEquals("dd.MM.yyyy", config.getDateFormat().getPattern());
        assertThrows(IllegalArgumentException.class, () -> config.setDateStringFormat("yyyy-MM-dd 'unterminated"));

        config.setDateStringFormat(SQLiteConfig.DEFAULT_DATE_STRING_FORMAT);
        assertNull(heldFormat(config));
    }

    @Test
    void settingsFromThePragmaTable() {
        Properties pragmas = new Properties();
        pragmas.setProperty(SQLiteConfig.Pragma.DATE_CLASS.pragmaName, "text");
        pragmas.setProperty(SQLiteConfig.Pragma.DATE_PRECISION.pragmaName, "seconds");
        pragmas.setProperty(SQLiteConfig.Pragma.TRANSACTION_MODE.pragmaName, "immediate");
        pragmas.setProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "false");
        SQLiteConnectionConfig config = SQLiteConnectionConfig.fromPragmaTable(pragmas);
        assertEquals(SQLiteConfig.DateClass.TEXT, config.getDateClass());
        assertEquals(SQLiteConfig.DatePrecision.SECONDS, config.getDatePrecision());
        assertEquals(1000L, config.getDateMultiplier());
        assertEquals(SQLiteConfig.TransactionMode.IMMEDIATE, config.getTransactionMode());
        assertFalse(config.isGetGeneratedKeys());
        assertTrue(config.isAutoCommit());
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, config.getTransactionIsolation());

        SQLiteConnectionConfig defaults = SQLiteConnectionConfig.fromPragmaTable(new Properties());
        assertEquals(SQLiteConfig.DateClass.INTEGER, defaults.getDateClass());
        assertEquals(1L, defaults.getDateMultiplier());
        assertEquals(SQLiteConfig.TransactionMode.DEFERRED, defaults.getTransactionMode());
        assertTrue(defaults.isGetGeneratedKeys());
    }

    /** sqlite-jdbc's statements and result sets use the format they get from here, in a real file. */
    @Test
    void timestampsAsTextGoInAndComeBackThroughARealFile() throws Exception {
        Timestamp when = Timestamp.valueOf("2026-12-07 17:45:12.345");
        for (String pattern : new String[] {null, "yyyy/MM/dd HH:mm:ss.SSS"}) {
            SQLiteConfig config = new SQLiteConfig();
            config.setDateClass("text");
            if (pattern != null) {
                config.setDateStringFormat(pattern);
            }
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Path file = dir.resolve((pattern == null ? "default" : "custom") + ".db");
            try (Connection connection = config.createConnection("jdbc:sqlite:" + file)) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT)");
                }
                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (at) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setTimestamp(1, when);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        assertTrue(keys.next());
                        assertEquals(1, keys.getLong(1));
                    }
                }
                connection.commit();
                try (Statement read = connection.createStatement();
                        ResultSet row = read.executeQuery("SELECT at, at FROM t")) {
                    assertTrue(row.next());
                    String expected = ((SQLiteConnection) connection).getConnectionConfig().getDateFormat().format(when);
                    assertEquals(pattern == null ? "2026-12-07 17:45:12.345" : "2026/12/07 17:45:12.345", expected);
                    assertEquals(expected, row.getString(1));
                    assertEquals(when, row.getTimestamp(2));
                }
            }
        }
    }

    /** The format the config holds now, without asking for one. */
    private static Object heldFormat(SQLiteConnectionConfig config) throws ReflectiveOperationException {
        Field field = SQLiteConnectionConfig.class.getDeclaredField("dateFormat");
        field.setAccessible(true);
        return field.get(config);
    }

    /** Every constructor and method that is not private: modifiers, return type, name and parameter types. */
    private static Set<String> members(Class<?> type) {
        Set<String> members = new TreeSet<>();
        Stream.concat(Arrays.stream(type.getDeclaredConstructors()), Arrays.stream(type.getDeclaredMethods()))
                .filter(m -> !Modifier.isPrivate(m.getModifiers()) && !m.isSynthetic())
                .forEach(m -> members.add(describe(m)));
        return members;
    }

    private static String describe(Executable member) {
        String returns = member instanceof Method method ? method.getReturnType().getName() + " " : "";
        String modifiers = Modifier.toString(member.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED
                | Modifier.STATIC | Modifier.FINAL));
        return modifiers + " " + returns + member.getName() + Arrays.toString(Arrays.stream(member.getParameterTypes())
                .map(Class::getName).toArray());
    }
}
