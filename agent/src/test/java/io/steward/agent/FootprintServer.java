package io.steward.agent;

/**
 * Runs {@link FakeServer} on its own, for measuring the agent's footprint (BENCHMARKS.md, "Agent
 * footprint"): prints the URL, then serves until killed.
 */
final class FootprintServer {
    private FootprintServer() {
    }

    public static void main(String[] args) throws Exception {
        FakeServer server = new FakeServer();
        System.out.println(server.uri());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
