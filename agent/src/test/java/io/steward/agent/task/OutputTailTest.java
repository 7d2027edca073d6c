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
        // Kept: the last 18 bytes "xxxxx hunter22 end"; the window is its last 10, "nter22 end", masked where the secret was.
        assertThat(tail.tail(List.of("hunter22"))).isEqualTo("*** end");
    }

    @Test
    void aSecretPrintedTwiceLeaksNoPartOfIt() {
        String secret = "S3cr3t-" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ".substring(0, 43);
        assertThat(secret).hasSize(50);
        // Every margin the runner may choose, down to none (a secret longer than the margin cap), and every alignment.
        for (int margin : new int[]{50, 20, 0}) {
            for (int pad = 0; pad < 60; pad++) {
                OutputTail tail = new OutputTail(100, margin);
                byte[] b = ("x".repeat(pad) + secret + "\n" + secret + "\n" + "y".repeat(pad % 7)).getBytes(StandardCharsets.US_ASCII);
                tail.write(b, 0, b.length);
                String shown = tail.tail(List.of(secret));
                assertThat(shown.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100);
                for (int i = 0; i + 4 <= secret.length(); i++) {
                    assertThat(shown).as("margin %d pad %d", margin, pad).doesNotContain(secret.substring(i, i + 4));
                }
            }
        }
    }

    @Test
    void aRingWhollyInsideASecretLongerThanItShowsNothingOfIt() {
        String secret = "k".repeat(10) + "0123456789".repeat(30);
        OutputTail tail = new OutputTail(100, 8);
        byte[] b = ("start " + secret).getBytes(StandardCharsets.US_ASCII);
        tail.write(b, 0, b.length);
        assertThat(tail.tail(List.of(secret))).isEqualTo("***");
    }
}
