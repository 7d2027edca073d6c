package io.steward.agent.task;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.steward.protocol.task.CanonicalText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTailTest {

    @Test
    void keepsTheLastBytesCountsAllAndHashesAll() {
        StringBuilder all = new StringBuilder();
        OutputTail tail = new OutputTail(100, 0);
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            String chunk = ("line " + i + " ").repeat(1 + random.nextInt(40));
            byte[] b = chunk.getBytes(StandardCharsets.US_ASCII);
            tail.write(b, 0, b.length);
            all.append(chunk);
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(tail.bytes()).isEqualTo(bytes.length);
        assertThat(tail.sha256()).isEqualTo(CanonicalText.sha256Hex(bytes));
        assertThat(tail.tail(List.of())).isEqualTo(all.substring(all.length() - 100));
    }

    @Test
    void secretsAreMaskedEvenWhereTheLimitCutsThem() {
        OutputTail tail = new OutputTail(10, 8);
        byte[] b = "xxxxxxxxxxxxxx hunter22 end".getBytes(StandardCharsets.US_ASCII);
        tail.write(b, 0, b.length);
        // Kept: the last 18 bytes "xxxxx hunter22 end", masked, then cut to 10.
        assertThat(tail.tail(List.of("hunter22"))).isEqualTo("xx *** end");
    }
}
