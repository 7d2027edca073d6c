package io.steward.server.alerting;

/** How a policy folds the samples of its window into one value: the newest, the mean, or the largest. */
public enum Aggregation { LAST, AVG, MAX }
