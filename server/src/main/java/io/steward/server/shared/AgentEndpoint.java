package io.steward.server.shared;

import java.util.Map;

/**
 * One endpoint of the agent channel (protocol v1), answered by the devices module's agent channel
 * outside Spring MVC and the browser/API security chain: agents authenticate every request with
 * their device key, and a fleet's requests are most of a server's traffic, so they skip the
 * machinery built for people.
 * Invariant: the handler is called only for a verified request (signature, clock, replay window,
 * rate), in the device's client scope, with the body read as {@code bodyType}.
 *
 * @param path     the exact request path, e.g. {@code /agent/v1/metrics}
 * @param bodyType the message the body is read as
 * @param <T>      that message's type
 */
public record AgentEndpoint<T>(String path, Class<T> bodyType, Handler<T> handler) {

    /**
     * Answers a verified request. The shared exceptions ({@link InvalidInputException},
     * {@link ForbiddenException}, {@link ConflictException}, {@link NotFoundException}) become
     * their usual problem answers.
     */
    @FunctionalInterface
    public interface Handler<T> {
        Answer answer(AgentDevice device, T body);
    }

    /**
     * What the agent is told: a status, a body (written as JSON; none for 204) and extra headers.
     * A problem carries its detail and its field errors (field to message, in order) and is written
     * as {@code application/problem+json}.
     */
    public record Answer(int status, Object body, Map<String, String> headers, String problemDetail, Map<String, String> fieldErrors) {

        public static Answer ok(Object body) {
            return new Answer(200, body, Map.of(), null, Map.of());
        }

        public static Answer created(Object body) {
            return new Answer(201, body, Map.of(), null, Map.of());
        }

        public static Answer noContent() {
            return new Answer(204, null, Map.of(), null, Map.of());
        }

        public static Answer problem(int status, String detail, Map<String, String> fieldErrors, Map<String, String> headers) {
            return new Answer(status, null, headers, detail, fieldErrors);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, body, Map.copyOf(h), problemDetail, fieldErrors);
        }

        public boolean isProblem() {
            return problemDetail != null;
        }
    }
}
