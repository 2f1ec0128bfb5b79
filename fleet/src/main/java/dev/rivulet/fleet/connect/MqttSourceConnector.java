package dev.rivulet.fleet.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source for the gateways' upstream messages (summaries, alerts, outbox-dropped reports) on the
 * central MQTT broker. Each task is one member of an MQTT 5 shared subscription, so more tasks, on more workers,
 * share the messages between them; see {@link MqttSourceTask} for what is acknowledged when. Records are keyed by
 * gateway id and carry the message id in the {@value MqttSourceTask#ID_HEADER} header.
 */
public final class MqttSourceConnector extends SourceConnector {

    static final String VERSION = "0.1.0";
    /** Set by the connector in each task's configuration: the task's number, part of its MQTT client id. */
    static final String TASK_INDEX = "task.index";

    private Map<String, String> properties;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> properties) {
        try {
            new MqttSourceSettings(properties);
        } catch (ConfigException e) {
            throw new ConnectException("the MQTT source connector's configuration is wrong: " + e.getMessage(), e);
        }
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    /** As many tasks as asked: they all join the one shared subscription, each under its own client id. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(properties);
            task.put(TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MqttSourceSettings.DEFINITION;
    }

    /** Each key's own check, then the checks across keys, reported on the first key each names. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            byName.put(value.name(), value);
        }
        for (String problem : MqttSourceSettings.crossChecks(connectorConfigs)) {
            String key = problem.substring(0, problem.indexOf(' '));
            ConfigValue value = byName.get(key);
            if (value != null) {
                value.addErrorMessage(problem);
            }
        }
        return config;
    }

    /** The MQTT session keeps what is not yet in Kafka, but a crash between the two gives a copy: at least once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
