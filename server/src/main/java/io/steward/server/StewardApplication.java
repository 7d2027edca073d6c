package io.steward.server;

import java.util.ArrayList;
import java.util.List;

import io.steward.server.platform.StartupProblem;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.server.PortInUseException;

/** Steward's server. {@code --demo} seeds a demo MSP on first start. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StewardApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(StewardApplication.class, translateArguments(args));
        } catch (Throwable failure) {
            String line = explain(failure);
            if (line == null) {
                throw failure;
            }
            System.err.println("Steward did not start: " + line);
            System.exit(2);
        }
    }

    /** {@code --demo} is the documented switch; Spring sees it as the property it stands for. */
    static String[] translateArguments(String[] args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            out.add("--demo".equals(arg) ? "--steward.demo.enabled=true" : arg);
        }
        return out.toArray(String[]::new);
    }

    /** The one line {@link #main} prints for a failure an operator can fix, or null for a bug (shown with its stack trace). */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupProblem p) {
                return p.getMessage();
            }
            if (t instanceof PortInUseException p) {
                return "port " + p.getPort() + " (HTTP) is already in use; choose another with --server.port=N or SERVER_PORT.";
            }
            if (t instanceof org.springframework.boot.context.properties.bind.BindException b) {
                Throwable cause = b.getCause() == null ? b : b.getCause();
                return "the setting " + b.getName() + " is invalid: " + cause.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
