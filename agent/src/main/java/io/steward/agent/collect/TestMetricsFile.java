package io.steward.agent.collect;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Sample;

/**
 * Extra samples from {@code <config>/test-metrics.properties}, read on every collection, so an
 * end-to-end test can produce a breaching value without loading the machine. Each line is
 * {@code metric.instance=value}: the part after the last dot is the instance and the rest the
 * metric name (a key without a dot is a metric without instance); the unit is "custom".
 * Lines whose value is not a number are skipped with a warning.
 */
public final class TestMetricsFile implements SampleSource {
    public static final String FILE_NAME = "test-metrics.properties";
    private static final Logger LOG = Logger.getLogger(TestMetricsFile.class.getName());
    private final Path file;

    public TestMetricsFile(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    @Override
    public List<Sample> collect(long atMillis) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            LOG.warning(() -> "cannot read " + file + ": " + e);
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            String raw = p.getProperty(key).trim();
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                LOG.warning(() -> file + ": " + key + " is not a number: " + raw);
                continue;
            }
            int dot = key.lastIndexOf('.');
            String metric = dot < 0 ? key : key.substring(0, dot);
            String instance = dot < 0 ? "" : key.substring(dot + 1);
            out.add(new Sample(metric, instance, value, "custom", atMillis));
        }
        return out;
    }
}
