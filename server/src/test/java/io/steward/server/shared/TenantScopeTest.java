package io.steward.server.shared;

import java.util.Set;
import java.util.UUID;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantScopeTest {

    @Property
    void aScopeCoversExactlyItsClients(@ForAll @Size(max = 5) Set<Long> seeds, @ForAll long otherSeed) {
        Set<UUID> ids = new java.util.HashSet<>();
        seeds.forEach(s -> ids.add(new UUID(s, ~s)));
        UUID other = new UUID(otherSeed, ~otherSeed);
        Set<ClientId> clients = new java.util.HashSet<>();
        ids.forEach(i -> clients.add(new ClientId(i)));
        TenantScope scope = TenantScope.of(clients);
        clients.forEach(c -> assertThat(scope.covers(c)).isTrue());
        assertThat(scope.covers(new ClientId(other))).isEqualTo(ids.contains(other));
        assertThat(scope.clientIdsSetting()).startsWith("{").endsWith("}");
        ids.forEach(i -> assertThat(scope.clientIdsSetting()).contains(i.toString()));
    }

    @Test
    void noneAndAll() {
        ClientId c = ClientId.random();
        assertThat(TenantScope.none().covers(c)).isFalse();
        assertThat(TenantScope.all().covers(c)).isTrue();
        assertThat(TenantScope.none().clientIdsSetting()).isEqualTo("{}");
        assertThat(TenantContext.current()).isEqualTo(TenantScope.none());
        assertThatThrownBy(() -> new TenantScope(true, Set.of(c))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theContextRestoresTheOuterScope() {
        ClientId c = ClientId.random();
        TenantContext.runAs(TenantScope.of(c), () -> {
            TenantContext.runAsSystem(() -> assertThat(TenantContext.current().allClients()).isTrue());
            assertThat(TenantContext.current().covers(c)).isTrue();
        });
        assertThat(TenantContext.current()).isEqualTo(TenantScope.none());
    }

    @Test
    void aClientUserSeesExactlyTheirClient() {
        ClientId c = ClientId.random();
        assertThatThrownBy(() -> new Viewer(UserId.random(), "a@b.c", "A", Role.CLIENT_USER, null, c, TenantScope.all(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Viewer(UserId.random(), "a@b.c", "A", Role.CLIENT_USER, null, c, TenantScope.of(c), false).scope().covers(c)).isTrue();
    }

    @Test
    void ifMatchAcceptsETagForms() {
        assertThat(IfMatch.required("\"3\"")).isEqualTo(3);
        assertThat(IfMatch.required("W/\"4\"")).isEqualTo(4);
        assertThat(IfMatch.optional(null)).isNull();
        assertThatThrownBy(() -> IfMatch.required(null)).isInstanceOf(IfMatch.PreconditionRequiredException.class);
        assertThatThrownBy(() -> IfMatch.required("\"abc\"")).isInstanceOf(StaleVersionException.class);
    }
}
