package io.steward.server.web;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool that stays exhausted past its timeout is overload: 503 with Retry-After, never a 500. */
class OverloadAnswerTest {

    @Test
    void noFreeConnectionIsAnsweredServiceUnavailableWithRetryAfter() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/tickets");
        ResponseEntity<ProblemDetail> answer = new ApiExceptionHandler().overloaded(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("steward - Connection is not available, request timed out after 30000ms")), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(answer.getBody().getDetail()).contains("busy");
    }
}
