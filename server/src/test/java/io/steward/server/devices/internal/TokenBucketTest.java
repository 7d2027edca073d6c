package io.steward.server.devices.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    @Test
    void aBurstPassesThenTheRateAppliesAndTheWaitIsSaid() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(500);
        assertThat(bucket.take(499)).isEqualTo(1);
        assertThat(bucket.take(500)).isZero();
        assertThat(bucket.full(500)).isFalse();
        assertThat(bucket.full(2000)).isTrue();
    }

    /** However requests are spread, no more pass than the burst plus what the rate refilled. */
    @Property
    void neverAdmitsMoreThanBurstPlusRefill(@ForAll @IntRange(min = 1, max = 50) int burst, @ForAll @IntRange(min = 1, max = 100) int perSecond,
                                            @ForAll @Size(min = 1, max = 300) java.util.List<@LongRange(min = 0, max = 200) Long> gaps) {
        TokenBucket bucket = new TokenBucket(perSecond, burst, 0);
        long now = 0;
        int admitted = 0;
        for (long gap : gaps) {
            now += gap;
            long wait = bucket.take(now);
            if (wait == 0) {
                admitted++;
            } else {
                assertThat(wait).isBetween(1L, (long) Math.ceil(1000.0 / perSecond));
                // Waiting as told always admits.
                assertThat(bucket.take(now + wait)).isZero();
                now += wait;
                admitted++;
            }
        }
        assertThat(admitted).isLessThanOrEqualTo(burst + (int) Math.floor(now * perSecond / 1000.0));
    }
}
