package io.steward.server.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Batching, per-item results and failure isolation of {@link GroupCommit}, with writes held open so the batches are certain. */
class GroupCommitTest {

    /** Submits every item from its own thread while the first write is held; returns each item's result or error. */
    private static ConcurrentHashMap<Integer, Object> submitWhileHeld(GroupCommit<String, Integer, String> group, CountDownLatch release,
                                                                     List<Integer> items) throws Exception {
        ConcurrentHashMap<Integer, Object> outcome = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int item : items) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    outcome.put(item, group.submit("lane", item));
                } catch (RuntimeException e) {
                    outcome.put(item, e);
                }
            }));
            if (threads.size() == 1) {
                Thread.sleep(100); // the first one starts writing alone and holds the lane
            }
        }
        Thread.sleep(300); // the others queue behind it
        assertThat(outcome).as("nobody returns while the write holding the lane is open").isEmpty();
        release.countDown();
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        }
        return outcome;
    }

    @Test
    void callersArrivingDuringAWriteShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> writes = new CopyOnWriteArrayList<>();
        GroupCommit<String, Integer, String> group = new GroupCommit<>(64, batch -> {
            writes.add(batch);
            await(release);
            return batch.stream().map(i -> "#" + i).toList();
        });
        List<Integer> items = java.util.stream.IntStream.range(0, 30).boxed().toList();
        ConcurrentHashMap<Integer, Object> outcome = submitWhileHeld(group, release, items);
        for (int i : items) {
            assertThat(outcome.get(i)).isEqualTo("#" + i);
        }
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).containsExactly(0);
        assertThat(writes.get(1)).hasSize(29);
    }

    @Test
    void aBatchIsAtMostMaxBatchItems() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        GroupCommit<String, Integer, String> group = new GroupCommit<>(8, batch -> {
            sizes.add(batch.size());
            await(release);
            return batch.stream().map(String::valueOf).toList();
        });
        submitWhileHeld(group, release, java.util.stream.IntStream.range(0, 25).boxed().toList());
        assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, 8));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
    }

    @Test
    void aFailedBatchIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, Integer, String> group = new GroupCommit<>(64, batch -> {
            await(release);
            if (batch.contains(7)) {
                throw new IllegalArgumentException("item 7 is bad");
            }
            return batch.stream().map(i -> "#" + i).toList();
        });
        ConcurrentHashMap<Integer, Object> outcome = submitWhileHeld(group, release, java.util.stream.IntStream.range(0, 12).boxed().toList());
        assertThat(outcome.get(7)).isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 12; i++) {
            if (i != 7) {
                assertThat(outcome.get(i)).isEqualTo("#" + i);
            }
        }
    }

    @Test
    void aWriteThatAnswersForTheWrongNumberOfItemsFailsTheCallersInsteadOfMixingResults() {
        GroupCommit<String, Integer, String> group = new GroupCommit<>(4, batch -> List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> group.submit("lane", 1)).isInstanceOf(IllegalStateException.class);
    }

    private static void await(CountDownLatch release) {
        try {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
