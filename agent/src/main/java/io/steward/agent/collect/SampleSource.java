package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages;

/** One kind of measurement; each call returns the samples for now, stamped {@code atMillis}. */
public interface SampleSource {
    List<Messages.Sample> collect(long atMillis);
}
