package dev.rivulet.storage.sqlite;

import java.util.List;

/**
 * One forward step of the schema.
 *
 * @param version     the schema version after this step; steps are numbered 1, 2, 3 … without gaps
 * @param description what the step does, stored in {@code schema_version}
 * @param statements  the SQL statements, run in one transaction
 */
record Migration(int version, String description, List<String> statements) {
}
