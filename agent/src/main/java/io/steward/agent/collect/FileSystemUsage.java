package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * Used % and free bytes of every local file system, the mount point as instance. Pseudo file
 * systems of size 0 are skipped. "Free" is what an unprivileged user may still write (usable
 * space), which is what fills up first.
 */
public final class FileSystemUsage implements SampleSource {
    private final FileSystem fileSystem;

    public FileSystemUsage(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<Sample> out = new ArrayList<>();
        for (OSFileStore store : fileSystem.getFileStores(true)) {
            long total = store.getTotalSpace();
            if (total <= 0) {
                continue;
            }
            long free = store.getUsableSpace();
            String mount = store.getMount();
            out.add(new Sample("fs.used_pct", mount, Percent.of(total - store.getFreeSpace(), total), "pct", atMillis));
            out.add(new Sample("fs.free_bytes", mount, free, "bytes", atMillis));
        }
        return out;
    }
}
