package dev.rivulet.checkpoint;

import java.util.HashMap;
import java.util.Map;

/**
 * The payload hash of the last message logged per source and MQTT packet id, as the store holds them: what tells
 * a broker's redelivery (DUP flag, same packet id, same hash) from a new message.
 *
 * <p>Packet ids are 16 bits (MQTT 5.0, 2.2.1), so a source's marks are arrays indexed by id rather than a map of
 * boxed entries: a map took about 80 bytes a mark, 5.2 MB for a source whose broker had used every id (a tenth
 * of the service's 48 MB heap), where this takes 8 bytes a mark. The arrays come in pages of 4,096 ids, made on
 * first use, so a quiet source costs little. An id outside the 16 bits (none is, on the wire) is never held:
 * such a message would be logged again rather than skipped, never lost.
 */
final class HeldMarks {

    private static final int ID_BITS = 16;
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    /** A page of hashes, with a bit per id saying whether a hash is held (a hash may be any long, 0 too). */
    private static final class Page {
        final long[] hashes = new long[PAGE_SIZE];
        final long[] held = new long[PAGE_SIZE / 64];
    }

    private final Map<String, Page[]> bySource = new HashMap<>();

    /** Holds {@code hash} for the source's packet id, replacing what was held. */
    void put(String source, int packetId, long hash) {
        if (packetId < 0 || packetId >>> ID_BITS != 0) {
            return;
        }
        Page[] pages = bySource.computeIfAbsent(source, s -> new Page[1 << (ID_BITS - PAGE_BITS)]);
        int index = packetId >>> PAGE_BITS;
        Page page = pages[index];
        if (page == null) {
            page = new Page();
            pages[index] = page;
        }
        int slot = packetId & (PAGE_SIZE - 1);
        page.hashes[slot] = hash;
        page.held[slot >>> 6] |= 1L << slot;
    }

    /** Whether the mark held for the source's packet id has this hash. */
    boolean holds(String source, int packetId, long hash) {
        if (packetId < 0 || packetId >>> ID_BITS != 0) {
            return false;
        }
        Page[] pages = bySource.get(source);
        Page page = pages == null ? null : pages[packetId >>> PAGE_BITS];
        if (page == null) {
            return false;
        }
        int slot = packetId & (PAGE_SIZE - 1);
        return (page.held[slot >>> 6] & (1L << slot)) != 0 && page.hashes[slot] == hash;
    }
}
