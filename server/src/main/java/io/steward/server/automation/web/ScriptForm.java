package io.steward.server.automation.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import io.steward.server.automation.ScriptDraft;
import io.steward.server.automation.ScriptLibrary;
import org.springframework.util.MultiValueMap;

/**
 * The script form as typed, every value a string so a refused form comes back exactly as it was sent. Parameter rows
 * are {@code p<i>.name}, {@code p<i>.type}, ...; empty rows are dropped, so row i of the form is parameter i of the
 * draft and its errors ({@code parameters[i].field}) land beside it.
 */
record ScriptForm(String name, String description, String category, String interpreter, List<String> operatingSystems, List<String> clientIds,
                  String body, List<Row> parameters, String timeoutSeconds, String outputLimitBytes, String runAs, String note) {

    /** One parameter row; {@code choices} one per line. */
    record Row(String name, String label, String type, String delivery, boolean required, String defaultValue, String pattern, String min,
               String max, String choices) {
        static Row empty() {
            return new Row("", "", "", "ARGUMENT", false, "", "", "", "", "");
        }

        boolean blank() {
            return name.isBlank() && type.isBlank() && label.isBlank() && defaultValue.isBlank() && pattern.isBlank() && min.isBlank()
                    && max.isBlank() && choices.isBlank();
        }
    }

    static ScriptForm blank() {
        return new ScriptForm("", "", "", "bash", List.of("linux"), List.of(), "", List.of(), Integer.toString(ScriptLibrary.DEFAULT_TIMEOUT),
                Integer.toString(ScriptLibrary.DEFAULT_OUTPUT_LIMIT), "", "");
    }

    static ScriptForm of(Script s) {
        var v = s.latest();
        List<Row> rows = v.parameters().stream().map(p -> new Row(p.name(), p.label(), p.type().name(), p.delivery().name(), p.required(),
                nz(p.defaultValue()), nz(p.pattern()), p.min() == null ? "" : p.min().toString(), p.max() == null ? "" : p.max().toString(),
                p.choices() == null ? "" : String.join("\n", p.choices()))).toList();
        return new ScriptForm(s.name(), s.description(), s.category(), s.interpreter(), s.operatingSystems(),
                s.clientIds().stream().map(UUID::toString).toList(), v.body(), rows, Integer.toString(v.timeoutSeconds()),
                Integer.toString(v.outputLimitBytes()), v.runAs(), "");
    }

    static ScriptForm read(MultiValueMap<String, String> in) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String p = "p" + i + ".";
            if (!in.containsKey(p + "name")) {
                continue;
            }
            Row r = new Row(one(in, p + "name"), one(in, p + "label"), one(in, p + "type"), one(in, p + "delivery"),
                    "true".equals(one(in, p + "required")), one(in, p + "defaultValue"), one(in, p + "pattern"), one(in, p + "min"),
                    one(in, p + "max"), one(in, p + "choices"));
            if (!r.blank()) {
                rows.add(r);
            }
        }
        return new ScriptForm(one(in, "name"), one(in, "description"), one(in, "category"), one(in, "interpreter"), many(in, "operatingSystems"),
                many(in, "clientIds"), one(in, "body"), rows, one(in, "timeoutSeconds"), one(in, "outputLimitBytes"), one(in, "runAs"),
                one(in, "note"));
    }

    /** The rows the page shows: the typed ones and two empty ones to add parameters. */
    List<Row> rowsWithSpare() {
        List<Row> out = new ArrayList<>(parameters);
        out.add(Row.empty());
        out.add(Row.empty());
        return out;
    }

    /** The draft, or errors for values that are not even numbers or types. */
    ScriptDraft draft(Map<String, String> errors) {
        List<ScriptDraft.ParameterDraft> defs = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Row r = parameters.get(i);
            String f = "parameters[" + i + "].";
            ParameterType type = null;
            try {
                type = r.type().isBlank() ? null : ParameterType.valueOf(r.type());
            } catch (IllegalArgumentException e) {
                errors.put(f + "type", "Choose a type.");
            }
            Parameter.Delivery delivery = "ENVIRONMENT".equals(r.delivery()) ? Parameter.Delivery.ENVIRONMENT : Parameter.Delivery.ARGUMENT;
            List<String> choices = r.choices().isBlank() ? null : Arrays.stream(r.choices().split("\r?\n")).map(String::strip)
                    .filter(c -> !c.isEmpty()).toList();
            defs.add(new ScriptDraft.ParameterDraft(r.name(), r.label(), type, delivery, r.required(), r.defaultValue(), r.pattern(),
                    number(r.min(), f + "min", errors), number(r.max(), f + "max", errors), choices));
        }
        List<UUID> clients = new ArrayList<>();
        for (String c : clientIds) {
            try {
                clients.add(UUID.fromString(c));
            } catch (IllegalArgumentException e) {
                errors.put("clientIds", "Choose clients from the list.");
            }
        }
        Long timeout = number(timeoutSeconds, "timeoutSeconds", errors);
        Long limit = number(outputLimitBytes, "outputLimitBytes", errors);
        return new ScriptDraft(name, description, category, interpreter, operatingSystems, clients, body, defs,
                timeout == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, timeout)),
                limit == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)), runAs, note);
    }

    private static Long number(String s, String field, Map<String, String> errors) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "A whole number, please.");
            return null;
        }
    }

    private static String one(MultiValueMap<String, String> in, String key) {
        String v = in.getFirst(key);
        return v == null ? "" : v;
    }

    private static List<String> many(MultiValueMap<String, String> in, String key) {
        List<String> v = in.get(key);
        return v == null ? List.of() : v.stream().filter(s -> !s.isBlank()).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
