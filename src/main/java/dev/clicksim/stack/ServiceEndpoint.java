package dev.clicksim.stack;

import java.net.URI;

/**
 * An HTTP service (Kafka Connect, ksqlDB, Schema Registry): its URL and, when it asks for them, the
 * basic-auth user and password. {@code user} is null when none is given.
 */
public record ServiceEndpoint(URI url, String user, Secret password) {

  /** Without credentials. */
  public static ServiceEndpoint of(URI url) {
    return new ServiceEndpoint(url, null, null);
  }

  @Override
  public String toString() {
    return user == null ? String.valueOf(url) : url + " (user " + user + ")";
  }
}
