package io.steward.signer.rules;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;

/**
 * Makes the signed orders of an approved task: one per device, each with a fresh 16-byte nonce, the task's window,
 * arguments in the task's order, environment and secret hashes sorted by name.
 */
public final class OrderFactory {
    private final SecureRandom random;

    public OrderFactory(SecureRandom random) {
        this.random = random;
    }

    public SignerMessages.Signed sign(TaskSpec task, PrivateKey key) {
        String digest = HexFormat.of().formatHex(task.digest());
        List<String> arguments = new ArrayList<>();
        List<String> environment = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (Parameter p : task.parameters()) {
            switch (p.delivery()) {
                case ARGUMENT -> arguments.add(p.value());
                case ENVIRONMENT -> environment.add(p.name() + "=" + p.value());
                case SECRET -> secrets.add(p.name() + "=" + p.value());
            }
        }
        environment.sort(Comparator.naturalOrder());
        secrets.sort(Comparator.naturalOrder());
        List<SignerMessages.DeviceSigned> orders = new ArrayList<>(task.deviceIds().size());
        byte[] nonce = new byte[16];
        for (var device : task.deviceIds()) {
            random.nextBytes(nonce);
            DeviceOrder order = new DeviceOrder(task.taskId(), device, task.clientId(), digest, task.scriptSha256(), task.interpreter(),
                    task.runAs(), task.timeoutSeconds(), task.outputLimitBytes(), arguments, environment, secrets,
                    HexFormat.of().formatHex(nonce), task.notBefore(), task.notAfter(), task.standardChangeId());
            orders.add(new SignerMessages.DeviceSigned(device, SignedOrder.of(order, key)));
        }
        return new SignerMessages.Signed(digest, orders);
    }
}
