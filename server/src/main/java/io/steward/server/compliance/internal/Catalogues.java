package io.steward.server.compliance.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Control;
import io.steward.server.compliance.Facts;
import io.steward.server.compliance.Framework;
import io.steward.server.platform.StartupProblem;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The control catalogues and the fact-to-control mapping, loaded once at start: every {@code compliance/catalogs/*.json}
 * on the class path, then every {@code *.json} of {@code steward.compliance.catalog-directory} (same name replaces),
 * and {@code compliance/mappings.json} plus the directory's {@code mappings.json}. Anything malformed (not JSON, no
 * catalog, a control without id or title, a duplicate id, a mapping naming an unknown fact, framework or control)
 * stops the start with a {@link StartupProblem} naming the file and the fault.
 */
@Component
public class Catalogues {
    /** OSCAL's token: what a control id may be. */
    private static final Pattern TOKEN = Pattern.compile("^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$");
    private static final Pattern FRAMEWORK_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private final Map<String, Framework> frameworks;
    /** fact -> framework -> control ids. */
    private final Map<String, Map<String, List<String>>> mapping;

    Catalogues(ObjectMapper json, ComplianceProperties properties) {
        Map<String, Framework> loaded = new TreeMap<>();
        List<Map.Entry<String, JsonNode>> mappings = new ArrayList<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:compliance/catalogs/*.json")) {
                try (InputStream in = r.getInputStream()) {
                    put(loaded, parseCatalog(json, r.getFilename(), in));
                }
            }
            Resource builtIn = new PathMatchingResourcePatternResolver().getResource("classpath:compliance/mappings.json");
            try (InputStream in = builtIn.getInputStream()) {
                mappings.add(Map.entry("compliance/mappings.json", read(json, "compliance/mappings.json", in)));
            }
            Path dir = properties.catalogDirectory();
            if (dir != null) {
                if (!Files.isDirectory(dir)) {
                    throw new StartupProblem("steward.compliance.catalog-directory " + dir + " is not a directory.");
                }
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted(Comparator.naturalOrder()).toList();
                }
                for (Path p : files) {
                    try (InputStream in = Files.newInputStream(p)) {
                        if (p.getFileName().toString().equals("mappings.json")) {
                            mappings.add(Map.entry(p.toString(), read(json, p.toString(), in)));
                        } else {
                            put(loaded, parseCatalog(json, p.getFileName().toString(), in));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StartupProblem("The compliance catalogues could not be read: " + e.getMessage(), e);
        }
        if (loaded.isEmpty()) {
            throw new StartupProblem("No compliance catalogue was found (compliance/catalogs/*.json).");
        }
        this.frameworks = Map.copyOf(loaded);
        Map<String, Map<String, List<String>>> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : mappings) {
            merge(m, e.getKey(), e.getValue());
        }
        this.mapping = m;
    }

    /** Every framework, by id. */
    public List<Framework> all() {
        return frameworks.values().stream().sorted(Comparator.comparing(Framework::id)).toList();
    }

    public java.util.Optional<Framework> framework(String id) {
        return java.util.Optional.ofNullable(id == null ? null : frameworks.get(id));
    }

    /** The controls of {@code framework} the fact evidences (none when unmapped). */
    public List<String> controlsOf(String fact, String framework) {
        return mapping.getOrDefault(fact, Map.of()).getOrDefault(framework, List.of());
    }

    /** Per control id of {@code framework}, the facts mapped to it. */
    public Map<String, List<String>> factsByControl(String framework) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        mapping.forEach((fact, byFramework) -> byFramework.getOrDefault(framework, List.of())
                .forEach(c -> out.computeIfAbsent(c, k -> new ArrayList<>()).add(fact)));
        return out;
    }

    /** The fact ids that may be mapped: Steward's service facts and one per security check of the agent protocol. */
    static Set<String> knownFacts() {
        Set<String> known = new HashSet<>(Facts.SERVICE_FACTS);
        SecurityCheckMessages.CHECKS.forEach(c -> known.add(Facts.SECURITY_PREFIX + c));
        return known;
    }

    private static void put(Map<String, Framework> loaded, Framework f) {
        loaded.put(f.id(), f);
    }

    private static JsonNode read(ObjectMapper json, String file, InputStream in) {
        try {
            return json.readTree(in);
        } catch (JacksonException e) {
            throw new StartupProblem("Compliance file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Framework parseCatalog(ObjectMapper json, String file, InputStream in) {
        String id = file.substring(0, file.length() - ".json".length());
        if (!FRAMEWORK_ID.matcher(id).matches()) {
            throw new StartupProblem("Compliance catalogue " + file + ": the file name must be a framework id (a-z, 0-9, '.', '-') + .json.");
        }
        JsonNode catalog = read(json, file, in).path("catalog");
        if (!catalog.isObject()) {
            throw new StartupProblem("Compliance catalogue " + file + " has no \"catalog\" object (OSCAL catalog JSON).");
        }
        String title = catalog.path("metadata").path("title").asString("");
        if (title.isBlank()) {
            throw new StartupProblem("Compliance catalogue " + file + " has no metadata.title.");
        }
        List<Control> controls = new ArrayList<>();
        walk(file, catalog, title, controls);
        if (controls.isEmpty()) {
            throw new StartupProblem("Compliance catalogue " + file + " has no controls.");
        }
        Set<String> seen = new HashSet<>();
        for (Control c : controls) {
            if (!seen.add(c.id())) {
                throw new StartupProblem("Compliance catalogue " + file + " has control " + c.id() + " twice.");
            }
        }
        return new Framework(id, title, catalog.path("metadata").path("version").asString(""), controls);
    }

    /** Controls of groups (nested) and controls (nested: enhancements), depth first in file order. */
    private static void walk(String file, JsonNode node, String groupTitle, List<Control> out) {
        for (JsonNode c : node.path("controls")) {
            String id = c.path("id").asString("");
            String title = c.path("title").asString("");
            if (!TOKEN.matcher(id).matches() || title.isBlank()) {
                throw new StartupProblem("Compliance catalogue " + file + ": every control needs an id (a token such as ac-2) and a title; found id '"
                        + id + "' title '" + title + "'.");
            }
            String label = id.toUpperCase(java.util.Locale.ROOT);
            for (JsonNode p : c.path("props")) {
                if ("label".equals(p.path("name").asString(""))) {
                    label = p.path("value").asString(label);
                }
            }
            out.add(new Control(id, label, title, groupTitle));
            walk(file, c, groupTitle, out);
        }
        for (JsonNode g : node.path("groups")) {
            walk(file, g, g.path("title").asString(groupTitle), out);
        }
    }

    private void merge(Map<String, Map<String, List<String>>> into, String file, JsonNode root) {
        JsonNode facts = root.path("facts");
        if (!facts.isObject()) {
            throw new StartupProblem("Compliance mapping " + file + " has no \"facts\" object.");
        }
        Set<String> known = knownFacts();
        for (Map.Entry<String, JsonNode> fact : facts.properties()) {
            if (!known.contains(fact.getKey())) {
                throw new StartupProblem("Compliance mapping " + file + " names fact " + fact.getKey() + ", which no module reports; known: "
                        + new java.util.TreeSet<>(known));
            }
            for (Map.Entry<String, JsonNode> fw : fact.getValue().properties()) {
                Framework f = frameworks.get(fw.getKey());
                if (f == null) {
                    throw new StartupProblem("Compliance mapping " + file + " maps " + fact.getKey() + " to framework " + fw.getKey()
                            + ", which no catalogue defines; there are " + frameworks.keySet() + ".");
                }
                Set<String> ids = new HashSet<>();
                f.controls().forEach(c -> ids.add(c.id()));
                List<String> list = into.computeIfAbsent(fact.getKey(), k -> new TreeMap<>()).computeIfAbsent(fw.getKey(), k -> new ArrayList<>());
                for (JsonNode c : fw.getValue()) {
                    if (!ids.contains(c.asString(""))) {
                        throw new StartupProblem("Compliance mapping " + file + " maps " + fact.getKey() + " to " + c + ", which framework "
                                + fw.getKey() + " does not have.");
                    }
                    if (!list.contains(c.asString())) {
                        list.add(c.asString());
                    }
                }
            }
        }
    }
}
