package dev.rivulet.gateway;

import dev.rivulet.outputs.Json;
import dev.rivulet.alerts.Alert;

/**
 * An alert as JSON, the same on every output:
 * <pre>{"id":"near-capacity/bus-12/1700000123000/raised","rule":"near-capacity","gateway":"bus-gateway-1",
 *  "key":"bus-12","state":"raised","value":0.93,"detail":"56 of 60 passengers","batchTime":1700000123000}</pre>
 */
final class AlertMessages {

    private AlertMessages() {
    }

    static byte[] json(Alert alert, String gatewayId) {
        return Json.object(json -> {
            json.writeStringField("id", alert.id());
            json.writeStringField("rule", alert.rule());
            json.writeStringField("gateway", gatewayId);
            json.writeStringField("key", alert.key());
            json.writeStringField("state", alert.raised() ? "raised" : "cleared");
            json.writeNumberField("value", Math.round(alert.value() * 1000) / 1000.0);
            json.writeStringField("detail", alert.detail());
            json.writeNumberField("batchTime", alert.batchTime());
        });
    }
}
