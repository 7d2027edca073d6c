package io.steward.server.platform;

/**
 * A reason Steward cannot start that the operator can fix (a port in use, an unwritable home, a
 * database from a newer version). Its message is printed as one line, without a stack trace.
 */
public class StartupProblem extends RuntimeException {
    public StartupProblem(String message) {
        super(message);
    }

    public StartupProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
