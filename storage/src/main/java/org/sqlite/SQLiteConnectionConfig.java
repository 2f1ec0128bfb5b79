package org.sqlite;

import java.sql.Connection;
import java.util.Properties;
import org.sqlite.date.FastDateFormat;

/**
 * sqlite-jdbc's per-connection settings, written here to replace the class of the same name in sqlite-jdbc
 * 3.54.1.0 (app/pom.xml leaves that one out of rivulet.jar; storage/README.md, "sqlite-jdbc, patched"). The public
 * API is sqlite-jdbc's, member for member ({@code PatchedConnectionConfigTest} compares the two); the one
 * difference is when the date format is made.
 *
 * <p>sqlite-jdbc made its {@link FastDateFormat} for every connection config at once, even though only reading or
 * writing a {@code java.sql.Date} or {@code Timestamp} uses it, and nothing in Rivulet does. Making the first one
 * sets up the JDK's date-format symbols and calendar for the default locale: about 300 classes and 1 MiB of a
 * gateway's resident memory (docs/BENCHMARKS.md, "sqlite-jdbc's date format, made when asked for"). Here the
 * default pattern, which is known to be valid, waits until {@link #getDateFormat()} is first called; any other
 * pattern is made at once, so a bad one fails where it did.
 */
public class SQLiteConnectionConfig implements Cloneable {

    private SQLiteConfig.DateClass dateClass = SQLiteConfig.DateClass.INTEGER;
    private SQLiteConfig.DatePrecision datePrecision = SQLiteConfig.DatePrecision.MILLISECONDS;
    private String dateStringFormat = SQLiteConfig.DEFAULT_DATE_STRING_FORMAT;
    /** Null until asked for, while the pattern is the default one. */
    private volatile FastDateFormat dateFormat;
    private int transactionIsolation = Connection.TRANSACTION_SERIALIZABLE;
    private SQLiteConfig.TransactionMode transactionMode = SQLiteConfig.TransactionMode.DEFERRED;
    private boolean autoCommit = true;
    private boolean getGeneratedKeys = true;

    /** The settings a connection starts with, from the pragma properties sqlite-jdbc keeps. */
    public static SQLiteConnectionConfig fromPragmaTable(Properties pragmas) {
        return new SQLiteConnectionConfig(
                SQLiteConfig.DateClass.getDateClass(pragmas.getProperty(
                        SQLiteConfig.Pragma.DATE_CLASS.pragmaName, SQLiteConfig.DateClass.INTEGER.name())),
                SQLiteConfig.DatePrecision.getPrecision(pragmas.getProperty(
                        SQLiteConfig.Pragma.DATE_PRECISION.pragmaName,
                        SQLiteConfig.DatePrecision.MILLISECONDS.name())),
                pragmas.getProperty(SQLiteConfig.Pragma.DATE_STRING_FORMAT.pragmaName,
                        SQLiteConfig.DEFAULT_DATE_STRING_FORMAT),
                Connection.TRANSACTION_SERIALIZABLE,
                SQLiteConfig.TransactionMode.getMode(pragmas.getProperty(
                        SQLiteConfig.Pragma.TRANSACTION_MODE.pragmaName, SQLiteConfig.TransactionMode.DEFERRED.name())),
                true,
                Boolean.parseBoolean(pragmas.getProperty(
                        SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "true")));
    }

    public SQLiteConnectionConfig(SQLiteConfig.DateClass dateClass, SQLiteConfig.DatePrecision datePrecision,
            String dateStringFormat, int transactionIsolation, SQLiteConfig.TransactionMode transactionMode,
            boolean autoCommit, boolean getGeneratedKeys) {
        setDateClass(dateClass);
        setDatePrecision(datePrecision);
        setDateStringFormat(dateStringFormat);
        setTransactionIsolation(transactionIsolation);
        setTransactionMode(transactionMode);
        setAutoCommit(autoCommit);
        setGetGeneratedKeys(getGeneratedKeys);
    }

    public SQLiteConnectionConfig copyConfig() {
        return new SQLiteConnectionConfig(dateClass, datePrecision, dateStringFormat, transactionIsolation,
                transactionMode, autoCommit, getGeneratedKeys);
    }

    /** 1 when dates are stored in milliseconds, 1,000 when in seconds. */
    public long getDateMultiplier() {
        return datePrecision == SQLiteConfig.DatePrecision.MILLISECONDS ? 1L : 1000L;
    }

    public SQLiteConfig.DateClass getDateClass() {
        return dateClass;
    }

    public void setDateClass(SQLiteConfig.DateClass dateClass) {
        this.dateClass = dateClass;
    }

    public SQLiteConfig.DatePrecision getDatePrecision() {
        return datePrecision;
    }

    public void setDatePrecision(SQLiteConfig.DatePrecision datePrecision) {
        this.datePrecision = datePrecision;
    }

    public String getDateStringFormat() {
        return dateStringFormat;
    }

    /** A pattern other than the default is made into a format at once: a bad one throws here. */
    public void setDateStringFormat(String dateStringFormat) {
        this.dateStringFormat = dateStringFormat;
        this.dateFormat = SQLiteConfig.DEFAULT_DATE_STRING_FORMAT.equals(dateStringFormat)
                ? null
                : FastDateFormat.getInstance(dateStringFormat);
    }

    /** The format of {@link #getDateStringFormat()}, made the first time it is asked for. */
    public FastDateFormat getDateFormat() {
        FastDateFormat format = dateFormat;
        if (format == null) {
            // FastDateFormat keeps every instance it makes in its cache: two threads here get the same one.
            format = FastDateFormat.getInstance(dateStringFormat);
            dateFormat = format;
        }
        return format;
    }

    public boolean isAutoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    public int getTransactionIsolation() {
        return transactionIsolation;
    }

    public void setTransactionIsolation(int transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
    }

    public SQLiteConfig.TransactionMode getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(SQLiteConfig.TransactionMode transactionMode) {
        this.transactionMode = transactionMode;
    }

    public boolean isGetGeneratedKeys() {
        return getGeneratedKeys;
    }

    public void setGetGeneratedKeys(boolean getGeneratedKeys) {
        this.getGeneratedKeys = getGeneratedKeys;
    }

    /** The statement that begins a transaction in this mode. */
    String transactionPrefix() {
        return switch (transactionMode) {
            case DEFERRED -> "begin;";
            case IMMEDIATE -> "begin immediate;";
            case EXCLUSIVE -> "begin exclusive;";
        };
    }
}
