package io.steward.server.platform;

import java.nio.file.Path;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the platform module ({@code steward.*}).
 *
 * @param home            where Steward keeps its data: the embedded database, logs, demo credentials
 * @param db              the database; without a URL an embedded PostgreSQL runs under {@code home}
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param tlsPort         HTTPS port for agents (and browsers), with the certificate in {@code home}/tls; 0 picks a free port
 * @param maxConnections  connections each port keeps open at once: agents of protocol v2 hold one each for as long as they
 *                        run, so this bounds the fleet one node serves (Tomcat's default is 8,192)
 * @param secretKey       base64 of the 32-byte key that seals stored secrets and signs Message-IDs; empty: a key file
 *                        made once under {@code home}/keys (give every node of a cluster the same key)
 */
@Validated
@ConfigurationProperties("steward")
public record PlatformProperties(@NotNull @DefaultValue("./data") Path home,
                                 @Valid @NotNull @DefaultValue Db db,
                                 @Min(1024) @DefaultValue("1048576") long maxRequestBytes,
                                 @Min(0) @Max(65535) @DefaultValue("8443") int tlsPort,
                                 @Min(100) @Max(1_000_000) @DefaultValue("30000") int maxConnections,
                                 @DefaultValue("") String secretKey) {

    /**
     * @param url           JDBC URL of an external PostgreSQL; empty for the embedded one
     * @param user          the runtime role: owns no table, has no BYPASSRLS
     * @param password      its password
     * @param ownerUser     the role that owns the schema and runs migrations
     * @param ownerPassword its password
     * @param poolSize      connections in the runtime pool
     * @param embeddedPort  port of the embedded PostgreSQL on localhost; 0 picks a free one at each start
     */
    public record Db(@DefaultValue("") String url,
                     @DefaultValue("steward_app") String user,
                     @DefaultValue("") String password,
                     @DefaultValue("") String ownerUser,
                     @DefaultValue("") String ownerPassword,
                     @Min(2) @Max(200) @DefaultValue("10") int poolSize,
                     @Min(0) @Max(65535) @DefaultValue("0") int embeddedPort) {

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }
}
