package dev.rivulet.config;

/**
 * Where results and alerts go: {@code outputs.NAME}.
 *
 * @param name     the output's name
 * @param type     mqtt (a local topic, e.g. the driver's display), gpio (an LED or buzzer), log, or upstream
 * @param broker   mqtt: the broker's name
 * @param topic    mqtt: the topic; {@code {key}}, {@code {rule}} and {@code {gateway}} are filled in
 * @param qos      mqtt: 0 or 1 (default 1)
 * @param retained mqtt: whether the broker keeps the last message per topic (default true, so a display
 *                 that reconnects shows the current state)
 * @param pin      gpio: the BCM pin number
 * @param mode     gpio: on (steady while an alert is open, default) or blink
 * @param provider gpio: the Pi4J provider: gpiod (Raspberry Pi 4 and 5)
 */
public record OutputSettings(String name, String type, String broker, String topic, int qos, boolean retained,
                             int pin, String mode, String provider) {

    static OutputSettings read(String name, ConfigNode node) {
        String type = node.choice("type", null, "mqtt", "gpio", "log", "upstream");
        String broker = null;
        String topic = null;
        int qos = 1;
        boolean retained = true;
        int pin = -1;
        String mode = null;
        String provider = null;
        if ("mqtt".equals(type)) {
            broker = node.required("broker", "the name of a broker under brokers");
            topic = node.required("topic", "the topic, e.g. buses/{key}/alert");
            qos = node.integer("qos", 1, 0, 1);
            retained = node.bool("retained", true);
        } else if ("gpio".equals(type)) {
            pin = node.integer("pin", -1, 0, 63);
            if (pin < 0) {
                node.problem("pin", "is required: the BCM number of the pin driving the LED or buzzer");
            }
            mode = node.choice("mode", "on", "on", "blink");
            provider = node.choice("provider", "gpiod", "gpiod", "mock");
        }
        node.rejectUnknown();
        return new OutputSettings(name, type, broker, topic, qos, retained, pin, mode, provider);
    }
}
