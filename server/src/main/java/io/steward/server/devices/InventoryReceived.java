package io.steward.server.devices;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;

/** A verified agent's inventory was stored; published in that transaction. */
public record InventoryReceived(AgentDevice device, Messages.Inventory inventory) {
}
