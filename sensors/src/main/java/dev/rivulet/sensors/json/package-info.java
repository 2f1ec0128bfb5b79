/**
 * One flat JSON object read member by member ({@link dev.rivulet.sensors.json.FlatMembers}): a strict scanner for
 * the common case, which takes only what Jackson takes and gives what Jackson gives, and Jackson's own parser for
 * everything else, so that the decoders and the recordings are written once against one reader.
 */
package dev.rivulet.sensors.json;
