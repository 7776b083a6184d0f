package dev.clicksim.stack;

/**
 * Where the sink writes and {@code verify} reads: a JDBC URL and the application user's
 * credentials.
 */
public record DatabaseEndpoint(String jdbcUrl, String user, Secret password) {}
