package io.steward.server.automation.internal.library;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.RefusedFields;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import io.steward.server.automation.ScriptCatalog.ResolvedParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a task's parameter values become, or why they are refused, for each type; examples and properties. */
class ParameterValuesTest {
    static final UUID TASK = UUID.fromString("7d1f4a59-2f43-4d0e-a3a8-7f8f7e2b9c01");

    static ParameterDefinition string(String name, String pattern, boolean required, String def) {
        return new ParameterDefinition(name, name, ParameterType.STRING, Parameter.Delivery.ARGUMENT, required, def, pattern, null, null, null);
    }

    static ParameterDefinition integer(String name, Long min, Long max) {
        return new ParameterDefinition(name, name, ParameterType.INTEGER, Parameter.Delivery.ENVIRONMENT, true, null, null, min, max, null);
    }

    static ParameterDefinition bool(String name) {
        return new ParameterDefinition(name, name, ParameterType.BOOLEAN, Parameter.Delivery.ARGUMENT, false, "false", null, null, null, null);
    }

    static ParameterDefinition choice(String name, List<String> choices) {
        return new ParameterDefinition(name, name, ParameterType.CHOICE, Parameter.Delivery.ENVIRONMENT, true, null, null, null, null, choices);
    }

    static ParameterDefinition secret(String name, boolean required) {
        return new ParameterDefinition(name, name, ParameterType.SECRET, Parameter.Delivery.SECRET, required, null, null, null, null, null);
    }

    static Map<String, String> errors(List<ParameterDefinition> defs, Map<String, String> values) {
        return catchThrowableOfType(RefusedFields.class, () -> ParameterValues.resolve(defs, TASK, values)).fieldErrors();
    }

    @Test
    void valuesAreSignedInTheDeclaredOrderWithDefaultsFilledIn() {
        List<ParameterDefinition> defs = List.of(string("HOST", "[a-z0-9.-]+", true, null), integer("COUNT", 1L, 10L), bool("VERBOSE"),
                choice("MODE", List.of("fast", "safe")));
        ResolvedParameters r = ParameterValues.resolve(defs, TASK, Map.of("MODE", "safe", "COUNT", "+007", "HOST", "db1.example"));
        assertThat(r.signed()).containsExactly(new Parameter("HOST", Parameter.Delivery.ARGUMENT, "db1.example"),
                new Parameter("COUNT", Parameter.Delivery.ENVIRONMENT, "7"), new Parameter("VERBOSE", Parameter.Delivery.ARGUMENT, "false"),
                new Parameter("MODE", Parameter.Delivery.ENVIRONMENT, "safe"));
        assertThat(r.secretValues()).isEmpty();
    }

    @Test
    void everyBadValueIsReportedUnderItsName() {
        List<ParameterDefinition> defs = List.of(string("HOST", "[a-z]+", true, null), integer("COUNT", 1L, 10L), bool("VERBOSE"),
                choice("MODE", List.of("fast", "safe")), string("NOTE", null, false, null));
        Map<String, String> e = errors(defs, Map.of("HOST", "DB1", "COUNT", "11", "VERBOSE", "yes", "MODE", "Fast", "NOTE", "two\nlines",
                "EXTRA", "x"));
        assertThat(e).containsOnlyKeys("parameters.HOST", "parameters.COUNT", "parameters.VERBOSE", "parameters.MODE", "parameters.NOTE",
                "parameters.EXTRA");
        assertThat(e.get("parameters.COUNT")).isEqualTo("Between 1 and 10.");
        assertThat(e.get("parameters.EXTRA")).contains("no parameter");
        assertThat(errors(defs, Map.of())).containsOnlyKeys("parameters.HOST", "parameters.COUNT", "parameters.MODE");
    }

    @Test
    void aPatternMustMatchTheWholeValue() {
        List<ParameterDefinition> defs = List.of(string("NAME", "[a-z]+", true, null));
        assertThat(errors(defs, Map.of("NAME", "abc; rm -rf /"))).containsKey("parameters.NAME");
        assertThat(errors(defs, Map.of("NAME", "abc1"))).containsKey("parameters.NAME");
        assertThat(ParameterValues.resolve(defs, TASK, Map.of("NAME", "abc")).signed().getFirst().value()).isEqualTo("abc");
    }

    @Test
    void integersAreWholeNumbersInTheirCanonicalForm() {
        List<ParameterDefinition> defs = List.of(integer("N", null, null));
        for (String bad : List.of("1.5", "1e3", " 1", "0x10", "99999999999999999999", "--1", "")) {
            if (!bad.isEmpty()) {
                assertThat(errors(defs, Map.of("N", bad))).as(bad).containsKey("parameters.N");
            }
        }
        assertThat(ParameterValues.resolve(defs, TASK, Map.of("N", "-0042")).signed().getFirst().value()).isEqualTo("-42");
        assertThat(ParameterValues.resolve(defs, TASK, Map.of("N", "-0")).signed().getFirst().value()).isEqualTo("0");
    }

    @Test
    void aSecretIsSignedAsItsHashAndReturnedApart() {
        List<ParameterDefinition> defs = List.of(secret("TOKEN", true), secret("OPTIONAL", false));
        ResolvedParameters r = ParameterValues.resolve(defs, TASK, Map.of("TOKEN", "hunter2-but-longer"));
        assertThat(r.signed()).containsExactly(new Parameter("TOKEN", Parameter.Delivery.SECRET, TaskSpec.secretHash(TASK, "TOKEN",
                "hunter2-but-longer")));
        assertThat(r.secretValues()).containsExactly(Map.entry("TOKEN", "hunter2-but-longer"));
        assertThat(errors(defs, Map.of())).containsOnlyKeys("parameters.TOKEN");
    }

    @Test
    void anAbsentOptionalArgumentKeepsItsPlaceAndAnAbsentVariableIsNotSet() {
        List<ParameterDefinition> defs = List.of(string("FIRST", null, false, null),
                new ParameterDefinition("ENVONLY", "e", ParameterType.STRING, Parameter.Delivery.ENVIRONMENT, false, null, null, null, null, null),
                string("LAST", null, true, null));
        assertThat(ParameterValues.resolve(defs, TASK, Map.of("LAST", "x")).signed()).containsExactly(
                new Parameter("FIRST", Parameter.Delivery.ARGUMENT, ""), new Parameter("LAST", Parameter.Delivery.ARGUMENT, "x"));
    }

    @Property
    void integersInsideTheRangeAreAcceptedAndOutsideRefused(@ForAll long value, @ForAll long a, @ForAll long b) {
        long min = Math.min(a, b);
        long max = Math.max(a, b);
        List<ParameterDefinition> defs = List.of(integer("N", min, max));
        if (value >= min && value <= max) {
            assertThat(ParameterValues.resolve(defs, TASK, Map.of("N", Long.toString(value))).signed().getFirst().value())
                    .isEqualTo(Long.toString(value));
        } else {
            assertThat(errors(defs, Map.of("N", Long.toString(value)))).containsOnlyKeys("parameters.N");
        }
    }

    @Property
    void aStringIsAcceptedExactlyWhenItIsOneLineMatchingThePattern(@ForAll("text") String value) {
        List<ParameterDefinition> defs = List.of(string("S", "[a-z]{1,8}", true, null));
        boolean ok = value.matches("[a-z]{1,8}");
        if (ok) {
            assertThat(ParameterValues.resolve(defs, TASK, Map.of("S", value)).signed().getFirst().value()).isEqualTo(value);
        } else if (!value.isEmpty()) {
            assertThat(errors(defs, Map.of("S", value))).containsOnlyKeys("parameters.S");
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcxyzA1 \n\r;$").ofMinLength(0).ofMaxLength(12);
    }

    @Property
    void aSecretValueNeverAppearsInWhatIsSigned(@ForAll @StringLength(min = 6, max = 40) @AlphaChars String value, @ForAll long seed) {
        UUID task = new UUID(seed, ~seed);
        ResolvedParameters r = ParameterValues.resolve(List.of(secret("PASSWORD", true)), task, Map.of("PASSWORD", value));
        assertThat(r.signed()).singleElement().satisfies(p -> {
            assertThat(p.delivery()).isEqualTo(Parameter.Delivery.SECRET);
            assertThat(p.value()).isEqualTo(TaskSpec.secretHash(task, "PASSWORD", value)).doesNotContain(value);
        });
        assertThat(r.secretValues()).containsExactly(Map.entry("PASSWORD", value));
    }

    @Property
    void namesTheVersionDoesNotDeclareAreAlwaysRefused(@ForAll @StringLength(min = 1, max = 20) @AlphaChars String name) {
        Map<String, String> values = new HashMap<>();
        values.put("X" + name, "v");
        assertThat(errors(List.of(bool("FLAG")), values)).containsOnlyKeys("parameters.X" + name);
    }

    @Property
    void booleansAreExactlyTrueOrFalse(@ForAll("text") String value) {
        List<ParameterDefinition> defs = List.of(new ParameterDefinition("B", "b", ParameterType.BOOLEAN, Parameter.Delivery.ARGUMENT, true, null,
                null, null, null, null));
        if (value.isEmpty()) {
            assertThat(errors(defs, Map.of("B", value))).containsOnlyKeys("parameters.B");
        } else if (value.equals("true") || value.equals("false")) {
            assertThat(ParameterValues.resolve(defs, TASK, Map.of("B", value)).signed().getFirst().value()).isEqualTo(value);
        } else {
            assertThat(errors(defs, Map.of("B", value))).containsOnlyKeys("parameters.B");
        }
        assertThatThrownBy(() -> ParameterValues.resolve(defs, TASK, Map.of("B", "TRUE"))).isInstanceOf(RefusedFields.class);
    }
}
