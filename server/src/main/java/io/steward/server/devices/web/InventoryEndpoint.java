package io.steward.server.devices.web;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.AgentEndpoint;
import org.springframework.stereotype.Component;

/** The agent's inventory (on enrollment, daily and on change): hardware, OS, software, users. */
@Component
class InventoryEndpoint implements AgentEndpoint<Messages.Inventory> {
    private final DeviceService devices;

    InventoryEndpoint(DeviceService devices) {
        this.devices = devices;
    }

    @Override
    public String path() {
        return AgentProtocol.INVENTORY_PATH;
    }

    @Override
    public Class<Messages.Inventory> bodyType() {
        return Messages.Inventory.class;
    }

    @Override
    public Answer answer(AgentDevice device, Messages.Inventory inventory) {
        devices.storeInventory(device, inventory);
        return Answer.noContent();
    }
}
