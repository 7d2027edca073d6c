package io.steward.server.automation.internal.library;

import java.util.Arrays;
import java.util.List;

import io.steward.protocol.task.Parameter;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which parameter definitions a script version may have, and the field each fault is reported under. */
class ParameterDefinitionsTest {

    static ParameterDefinition def(String name, ParameterType type, Parameter.Delivery delivery, String def, String pattern, Long min, Long max,
                                   String... choices) {
        return new ParameterDefinition(name, null, type, delivery, false, def, pattern, min, max, choices.length == 0 ? null : Arrays.asList(choices));
    }

    @Test
    void goodDefinitionsAreNormalised() {
        ParameterDefinitions.Outcome o = ParameterDefinitions.check(List.of(
                def("HOST", ParameterType.STRING, null, "localhost", "[a-z.]+", null, null),
                def("COUNT", ParameterType.INTEGER, Parameter.Delivery.ENVIRONMENT, "+05", null, 1L, 10L),
                def("API_KEY", ParameterType.SECRET, Parameter.Delivery.ARGUMENT, null, null, null, null),
                def("MODE", ParameterType.CHOICE, null, "b", null, null, null, "a", "b")));
        assertThat(o.errors()).isEmpty();
        assertThat(o.definitions()).extracting(ParameterDefinition::delivery).containsExactly(Parameter.Delivery.ARGUMENT,
                Parameter.Delivery.ENVIRONMENT, Parameter.Delivery.SECRET, Parameter.Delivery.ARGUMENT);
        assertThat(o.definitions().get(1).defaultValue()).isEqualTo("5");
        assertThat(o.definitions().getFirst().label()).isEqualTo("HOST");
    }

    @Test
    void eachFaultIsReportedUnderItsField() {
        ParameterDefinitions.Outcome o = ParameterDefinitions.check(List.of(
                def("1bad", ParameterType.STRING, null, null, null, null, null),
                def("dup", ParameterType.BOOLEAN, null, null, null, null, null),
                def("DUP", ParameterType.BOOLEAN, null, null, null, null, null),
                def("LD_PRELOAD", ParameterType.STRING, Parameter.Delivery.ENVIRONMENT, null, null, null, null),
                def("P", ParameterType.STRING, null, null, "(unclosed", null, null),
                def("Q", ParameterType.STRING, null, null, "(a+)+$", null, null),
                def("R", ParameterType.INTEGER, null, null, null, 10L, 1L),
                def("S", ParameterType.CHOICE, null, null, null, null, null),
                def("T", ParameterType.SECRET, null, "default secret", null, null, null),
                def("U", ParameterType.INTEGER, null, "11", null, 1L, 10L),
                def("V", ParameterType.BOOLEAN, Parameter.Delivery.SECRET, null, null, null, null),
                def("W", null, null, null, null, null, null),
                def("X", ParameterType.BOOLEAN, null, null, "[a-z]", null, null)));
        assertThat(o.errors()).containsOnlyKeys("parameters[0].name", "parameters[2].name", "parameters[3].name", "parameters[4].pattern",
                "parameters[5].pattern", "parameters[6].max", "parameters[7].choices", "parameters[8].defaultValue", "parameters[9].defaultValue",
                "parameters[10].delivery", "parameters[11].type", "parameters[12].pattern");
        assertThat(o.definitions()).isEmpty();
    }

    @Test
    void catastrophicLookingPatternsAreRefusedAndOrdinaryOnesAccepted() {
        for (String slow : List.of("(a+)+", "(a*)*b", "(a|aa)+", "([a-z]+\\.)*x", "(\\w+\\s?)+$", "(a|b){2,}", "(x+x+)+y", "(a)\\1",
                "((ab)*)+")) {
            assertThat(ParameterDefinitions.patternProblem(slow)).as(slow).isNotNull();
        }
        for (String fine : List.of("[a-z]+", "[A-Za-z0-9._-]{1,64}", "\\d{1,5}", "(foo|bar)", "(ab)?c", "[(+*)]+", "https?://[a-z.]+/?",
                "(abc){2}", "\\(a+\\)+")) {
            assertThat(ParameterDefinitions.patternProblem(fine)).as(fine).isNull();
        }
        assertThat(ParameterDefinitions.patternProblem("a".repeat(201))).contains("200");
    }

    @Test
    void tooManyParametersAreRefusedAsAWhole() {
        List<ParameterDefinition> many = java.util.stream.IntStream.range(0, 31)
                .mapToObj(i -> def("P" + i, ParameterType.BOOLEAN, null, null, null, null, null)).toList();
        assertThat(ParameterDefinitions.check(many).errors()).containsOnlyKeys("parameters");
    }
}
