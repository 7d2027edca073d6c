package io.steward.server.shared;

import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageQueryTest {
    static final Map<String, String> ALLOWED = Map.of("name", "lower(name)", "createdAt", "created_at");

    @Property
    void whateverTheCallerSendsTheOrderByComesFromTheAllowList(@ForAll String sort) {
        try {
            PageQuery q = PageQuery.of(0, 10, sort, ALLOWED, "name");
            assertThat(q.orderBy()).isIn("lower(name) ASC", "lower(name) DESC", "created_at ASC", "created_at DESC");
        } catch (InvalidInputException e) {
            assertThat(e.fieldErrors()).containsKey("sort");
        }
    }

    @Test
    void defaultsAndBounds() {
        PageQuery q = PageQuery.of(null, null, null, ALLOWED, "createdAt,desc");
        assertThat(q.page()).isZero();
        assertThat(q.size()).isEqualTo(PageQuery.DEFAULT_SIZE);
        assertThat(q.orderBy()).isEqualTo("created_at DESC");
        assertThat(PageQuery.of(3, 20, "name", ALLOWED, "name").offset()).isEqualTo(60);
        assertThatThrownBy(() -> PageQuery.of(0, 0, null, ALLOWED, "name")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PageQuery.of(0, 201, null, ALLOWED, "name")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PageQuery.of(-1, 10, null, ALLOWED, "name")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PageQuery.of(0, 10, "name,sideways", ALLOWED, "name")).isInstanceOf(InvalidInputException.class);
    }
}
