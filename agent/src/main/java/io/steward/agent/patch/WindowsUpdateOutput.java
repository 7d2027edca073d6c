package io.steward.agent.patch;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.steward.protocol.patch.PatchMessages;

/**
 * Reads what {@code windows-update-scan.ps1} prints: one JSON object {@code {"rebootRequired": bool, "updates": [...]}},
 * each update with {@code title}, {@code kb} (KB article ids), {@code updateId}, {@code revision}, {@code categories},
 * {@code msrcSeverity}, {@code cves} and {@code hidden}, as the Windows Update Agent's COM API gives them.
 *
 * <p>An update is named {@code kb<number>} (its first KB article; the update id when it has none) and its
 * "version" is the update's revision. Security: yes when Windows puts it in the "Security Updates" category or
 * gives it an MSRC severity; no when it has categories but none of those; unknown otherwise. Hidden updates (a
 * person declined them on the device) are reported as held.
 */
public final class WindowsUpdateOutput {
    private WindowsUpdateOutput() {
    }

    /** What the script found: whether Windows waits for a reboot, and the updates. */
    record Result(boolean rebootRequired, List<PatchMessages.Update> updates) {
    }

    static Result parse(String json) {
        try (JsonReader in = new JsonReader(new StringReader(json.strip()))) {
            in.setStrictness(Strictness.STRICT);
            boolean reboot = false;
            List<PatchMessages.Update> updates = new ArrayList<>();
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "rebootRequired" -> reboot = in.nextBoolean();
                    case "updates" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            updates.add(update(in));
                        }
                        in.endArray();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return new Result(reboot, updates);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable Windows Update output: " + e.getMessage(), e);
        }
    }

    private static PatchMessages.Update update(JsonReader in) throws IOException {
        String title = "";
        String updateId = "";
        String revision = "";
        String severity = "";
        boolean hidden = false;
        List<String> kbs = List.of();
        List<String> categories = List.of();
        List<String> cves = List.of();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                continue;
            }
            switch (name) {
                case "title" -> title = in.nextString();
                case "updateId" -> updateId = in.nextString();
                case "revision" -> revision = in.nextString();
                case "msrcSeverity" -> severity = in.nextString().strip().toLowerCase(Locale.ROOT);
                case "hidden" -> hidden = in.nextBoolean();
                case "kb" -> kbs = strings(in);
                case "categories" -> categories = strings(in);
                case "cves" -> cves = strings(in);
                default -> in.skipValue();
            }
        }
        in.endObject();
        String security = categories.stream().anyMatch(c -> c.equalsIgnoreCase("Security Updates")) || !severity.isEmpty()
                ? PatchMessages.SECURITY_YES : categories.isEmpty() ? PatchMessages.SECURITY_UNKNOWN : PatchMessages.SECURITY_NO;
        String id = kbs.isEmpty() ? updateId.toLowerCase(Locale.ROOT) : "kb" + kbs.get(0);
        String origin = "Windows Update" + (title.isEmpty() ? "" : ": " + title);
        return new PatchMessages.Update(id, "", "", revision, origin, security, severity, cves, hidden);
    }

    /** A JSON array of strings; PowerShell writes a single value without the array, which is read as one. */
    private static List<String> strings(JsonReader in) throws IOException {
        List<String> out = new ArrayList<>();
        if (in.peek() == JsonToken.BEGIN_ARRAY) {
            in.beginArray();
            while (in.hasNext()) {
                out.add(in.nextString());
            }
            in.endArray();
        } else {
            out.add(in.nextString());
        }
        return List.copyOf(out);
    }
}
