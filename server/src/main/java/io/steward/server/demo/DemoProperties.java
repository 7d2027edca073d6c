package io.steward.server.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of demo mode ({@code steward.demo.*}).
 *
 * @param enabled seed the demo MSP on first start; {@code --demo} on the command line sets it
 */
@Validated
@ConfigurationProperties("steward.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled) {
}
