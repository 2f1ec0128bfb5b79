package dev.rivulet.storage;

import java.util.Objects;

/**
 * Which broker message a logged block held: kept with the {@link ReceiverLog} so that a message the broker
 * redelivers after its acknowledgement was lost (a broker restart, a power cut between logging and the PUBACK)
 * is recognised and counted once. The store keeps one mark per source and packet id, the newest.
 *
 * @param source      the source the message came from
 * @param packetId    its MQTT packet identifier
 * @param payloadHash a hash of its topic and payload
 */
public record DeliveryMark(String source, int packetId, long payloadHash) {

    /** Checks that the source is named. */
    public DeliveryMark {
        Objects.requireNonNull(source, "source");
    }
}
