package io.steward.server.devices.web;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.MonitoringService;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The devices module's endpoints of the agent channel (protocol v1); enrollment is the channel's own. */
@Configuration(proxyBeanMethods = false)
class DeviceAgentEndpoints {

    /** The heartbeat: the device is alive; answered with its status and the client's monitoring settings. */
    @Bean
    AgentEndpoint<Messages.Heartbeat> heartbeatEndpoint(MonitoringService monitoring) {
        return new AgentEndpoint<>(AgentProtocol.HEARTBEAT_PATH, Messages.Heartbeat.class, (device, heartbeat) -> Answer.ok(monitoring.heartbeat(device)));
    }

    /** The agent's update check: its version is recorded, and it is told the release to run, if any (204: none). */
    @Bean
    AgentEndpoint<io.steward.protocol.release.UpdateMessages.Check> updateCheckEndpoint(io.steward.server.devices.AgentReleases releases) {
        return new AgentEndpoint<>(io.steward.protocol.release.UpdateMessages.CHECK_PATH, io.steward.protocol.release.UpdateMessages.Check.class,
                (device, check) -> releases.check(device, check).map(Answer::ok).orElseGet(Answer::noContent));
    }

    /** The inventory (on enrollment, daily and on change): hardware, OS, software, users. */
    @Bean
    AgentEndpoint<Messages.Inventory> inventoryEndpoint(DeviceService devices) {
        return new AgentEndpoint<>(AgentProtocol.INVENTORY_PATH, Messages.Inventory.class, (device, inventory) -> {
            devices.storeInventory(device, inventory);
            return Answer.noContent();
        });
    }
}
