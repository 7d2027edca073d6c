package io.steward.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentProtocolTest {

    @Test
    void canonicalRequestIsMethodPathTimeAndBodyDigest() {
        String c = AgentProtocol.canonicalRequest("post", "/agent/v1/telemetry", 1_700_000_000L, AgentProtocol.utf8("{}"));
        assertThat(c).isEqualTo("POST\n/agent/v1/telemetry\n1700000000\n"
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void emptyBodyHasTheDigestOfNothing() {
        assertThat(AgentProtocol.canonicalRequest("GET", "/agent/v1/tasks", 1, null))
                .endsWith("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void pathsWithQueriesOrLineBreaksAreRefused() {
        assertThatThrownBy(() -> AgentProtocol.canonicalRequest("GET", "/agent/v1/x?y=1", 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentProtocol.canonicalRequest("GET", "/agent/v1/x\nPOST", 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentProtocol.canonicalRequest("GET", "agent/v1/x", 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void differentBodiesNeverShareACanonicalForm(@ForAll @AlphaChars String a, @ForAll @AlphaChars String b) {
        if (a.equals(b)) {
            return;
        }
        assertThat(AgentProtocol.canonicalRequest("POST", "/agent/v1/t", 5, AgentProtocol.utf8(a)))
                .isNotEqualTo(AgentProtocol.canonicalRequest("POST", "/agent/v1/t", 5, AgentProtocol.utf8(b)));
    }
}
