package dev.rivulet.fleet.connect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the connector reads from a gateway's message ({@code docs/SUMMARY.md}): the top-level {@code gateway}
 * (the Kafka key, so one gateway's messages stay in order in one partition) and {@code id} (a header, for
 * deduplication downstream). Only the top level is read; nested objects are skipped without being built.
 */
record GatewayMessage(String gateway, String id) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The gateway and id of {@code payload}; either is null when absent, both when it is not a JSON object. */
    static GatewayMessage read(byte[] payload) {
        String gateway = null;
        String id = null;
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new GatewayMessage(null, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && "gateway".equals(field)) {
                    gateway = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
                    id = parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (gateway != null && id != null) {
                    break;
                }
            }
        } catch (IOException e) {
            return new GatewayMessage(gateway, id);
        }
        return new GatewayMessage(gateway, id);
    }
}
