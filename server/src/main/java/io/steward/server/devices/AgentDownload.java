package io.steward.server.devices;

/**
 * A file Steward serves for installing the agent.
 *
 * @param name   the file name, as it is saved on the device
 * @param path   where Steward serves it, without the server's address
 * @param sha256 SHA-256 of the content, lower-case hex, to check the download with
 * @param bytes  the size
 */
public record AgentDownload(String name, String path, String sha256, long bytes) {
}
