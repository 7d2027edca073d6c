package io.steward.server.devices.web;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.server.devices.MonitoringService;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.AgentEndpoint;
import org.springframework.stereotype.Component;

/** The agent's heartbeat: the device is alive; answered with its status and the client's monitoring settings. */
@Component
class HeartbeatEndpoint implements AgentEndpoint<Messages.Heartbeat> {
    private final MonitoringService monitoring;

    HeartbeatEndpoint(MonitoringService monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    public String path() {
        return AgentProtocol.HEARTBEAT_PATH;
    }

    @Override
    public Class<Messages.Heartbeat> bodyType() {
        return Messages.Heartbeat.class;
    }

    @Override
    public Answer answer(AgentDevice device, Messages.Heartbeat heartbeat) {
        return Answer.ok(monitoring.heartbeat(device));
    }
}
