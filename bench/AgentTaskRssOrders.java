import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.spec.*;
import java.time.*;
import java.util.*;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.task.*;

/** keygen DIR | sql DIR CLIENT DEVICE...: prints the SQL of an approved task with orders signed by the key in DIR. */
public class AgentTaskRssOrders {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        if (a[0].equals("keygen")) {
            KeyPair k = DeviceKeys.generate();
            Files.write(dir.resolve("signer.key"), k.getPrivate().getEncoded());
            Files.writeString(dir.resolve("signer.pub"), DeviceKeys.encodePublic(k.getPublic()));
            return;
        }
        PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("signer.key"))));
        UUID client = UUID.fromString(a[2]);
        String script = "echo started; sleep 120; echo done\n";
        String sha = CanonicalText.sha256Hex(script.getBytes(StandardCharsets.UTF_8));
        UUID task = UUID.randomUUID(), sid = UUID.randomUUID(), vid = UUID.randomUUID();
        Instant now = Instant.now();
        StringBuilder sql = new StringBuilder("BEGIN;\n");
        sql.append("INSERT INTO script (id, name, interpreter, created_at) VALUES ('" + sid + "', 'rss " + sid + "', 'bash', now());\n");
        sql.append("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) VALUES ('" + vid + "', '" + sid + "', 1, '" + sha + "', E'echo started; sleep 120; echo done\\n', 600, 65536, now());\n");
        sql.append("INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent, stop_after_failures, state, spec, digest, requested_by, created_at) VALUES ('" + task + "', '" + client + "', '" + vid + "', 'DEVICES', 'now', now() - interval '1 minute', now() + interval '1 hour', 100, 0, 'APPROVED', 'x', decode(repeat('00', 32), 'hex'), (SELECT id FROM app_user ORDER BY created_at LIMIT 1), now());\n");
        for (int i = 3; i < a.length; i++) {
            UUID device = UUID.fromString(a[i]);
            byte[] n = new byte[16]; new SecureRandom().nextBytes(n);
            DeviceOrder o = new DeviceOrder(task, device, client, "00".repeat(32), sha, "bash", "", 600, 65536, List.of(), List.of(), List.of(), HexFormat.of().formatHex(n), now.minusSeconds(60), now.plus(Duration.ofHours(1)), null);
            SignedOrder s = SignedOrder.of(o, priv);
            sql.append("INSERT INTO task_run (task_id, device_id, client_id, state, order_payload, order_signature, queued_at) VALUES ('" + task + "', '" + device + "', '" + client + "', 'QUEUED', '" + s.order() + "', '" + s.signature() + "', now());\n");
        }
        sql.append("COMMIT;\n");
        System.out.print(sql);
    }
}
