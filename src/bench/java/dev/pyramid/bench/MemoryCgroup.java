package dev.pyramid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cgroup v1 memory group for a node under test ({@code /sys/fs/cgroup/memory/<name>}, root only). In v1 the limit
 * covers the group's anonymous memory (heap, metaspace, thread stacks, direct buffers) <em>and</em> the page cache
 * its processes fault in, such as the index files a search maps; over the limit, the kernel reclaims the group's
 * cache first, so a search whose working set does not fit reads from disk again and again.
 *
 * <p>Charges stay with the group that first touched a page, and this kernel refuses
 * {@code memory.move_charge_at_immigrate}, so a process must start inside the group to be charged for all its memory:
 * {@link #launchPrefix} makes a shell join the group before it execs the launcher. The limit can then be lowered at
 * any time ({@link #limit}); the kernel reclaims cache down to it, or refuses if anonymous memory alone is larger.
 */
final class MemoryCgroup implements AutoCloseable {

    static final Path ROOT = Path.of("/sys/fs/cgroup/memory");
    private static final long UNLIMITED = -1;

    private final Path dir;

    private MemoryCgroup(Path dir) {
        this.dir = dir;
    }

    /** Creates (or reuses) the group, without a limit. */
    static MemoryCgroup create(String name) throws IOException {
        if (Files.isWritable(ROOT) == false) {
            throw new IOException(ROOT + " is not writable: the memory-constrained run needs root and the cgroup v1 memory controller");
        }
        Path dir = ROOT.resolve(name);
        Files.createDirectories(dir);
        MemoryCgroup group = new MemoryCgroup(dir);
        group.limit(UNLIMITED);
        return group;
    }

    Path dir() {
        return dir;
    }

    /** A command prefix that runs the rest of the command inside the group: {@code sh -c 'echo $$ > procs; exec "$@"'}. */
    List<String> launchPrefix() {
        return List.of("sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs") + " && exec \"$@\"", "in-" + dir.getFileName());
    }

    /** Sets {@code memory.limit_in_bytes}; {@code -1} removes the limit. */
    void limit(long bytes) throws IOException {
        Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
    }

    void unlimit() throws IOException {
        limit(UNLIMITED);
    }

    long limitBytes() throws IOException {
        return readLong("memory.limit_in_bytes");
    }

    long usageBytes() throws IOException {
        return readLong("memory.usage_in_bytes");
    }

    /** Resets the peak ({@code memory.max_usage_in_bytes}) and the count of times the limit was hit. */
    void resetPeaks() throws IOException {
        Files.writeString(dir.resolve("memory.max_usage_in_bytes"), "0");
        Files.writeString(dir.resolve("memory.failcnt"), "0");
    }

    /** The peak usage, the limit hits and the counters of {@code memory.stat} that tell cache from anonymous memory. */
    Map<String, Long> snapshot() throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("limit_bytes", limitBytes());
        values.put("usage_bytes", usageBytes());
        values.put("max_usage_bytes", readLong("memory.max_usage_in_bytes"));
        values.put("failcnt", readLong("memory.failcnt"));
        for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && List.of("cache", "rss", "mapped_file", "pgmajfault", "pgpgin").contains(parts[0])) {
                values.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return values;
    }

    private long readLong(String file) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    }

    /**
     * Writes back dirty pages and drops the page cache of the whole machine ({@code /proc/sys/vm/drop_caches}), so
     * that every system starts a measured run with nothing of its index cached.
     */
    static void dropPageCache() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (sync.waitFor() != 0) {
            throw new IOException("sync failed");
        }
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    /** Removes the group once it is empty (the node stopped; a process that just exited may linger a moment). */
    @Override
    public void close() throws IOException {
        unlimit();
        String procs = Files.readString(dir.resolve("cgroup.procs")).trim();
        for (int i = 0; i < 100 && procs.isEmpty() == false; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            procs = Files.readString(dir.resolve("cgroup.procs")).trim();
        }
        if (procs.isEmpty() == false) {
            throw new IOException(String.format(Locale.ROOT, "cgroup %s still holds processes %s", dir, procs.replace('\n', ',')));
        }
        Files.delete(dir);
    }
}
